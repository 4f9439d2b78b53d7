/**
 * 64-bit integers as OTLP/JSON gives them (decimal strings, numbers or
 * bigints) split into the two 32-bit halves the wire format is written
 * from, without losing a digit past 2^53 and without `BigInt` on the hot
 * path: a long decimal string is read as two exact halves (its last nine
 * digits and the rest) and recombined in 16-bit steps, so every
 * intermediate stays below 2^53.
 * @see https://protobuf.dev/programming-guides/json/ (int64 as decimal strings)
 * @module
 */

const TWO_16 = 65536;
const TWO_32 = 4294967296;
/** Strings this short are exact as a double. */
const SAFE_DIGITS = 15;

/** Where the halves are put: the writer's scratch, so that no pair is allocated per value. */
export interface Halves {
  lo: number;
  hi: number;
}

/**
 * @param value - an int64 or uint64: a decimal string (`"-5"`, `"1700000000123456000"`),
 *   a number (an integer) or a bigint. Anything unreadable counts as 0;
 *   a string outside the 64-bit range is not read exactly.
 * @param out - receives the low and high 32 bits, two's complement for negatives.
 * @example
 * const out = { lo: 0, hi: 0 };
 * splitInt64("-1", out); // out: { lo: 0xffffffff, hi: 0xffffffff }
 */
export function splitInt64(value: string | number | bigint, out: Halves): void {
  if (typeof value === "bigint") {
    const wrapped = BigInt.asUintN(64, value);
    out.lo = Number(wrapped & 0xffffffffn);
    out.hi = Number(wrapped >> 32n);
    return;
  }
  let negative: boolean;
  if (typeof value === "number") {
    negative = value < 0;
    split(Math.abs(Math.trunc(value)) || 0, 0, out);
  } else {
    negative = value.charCodeAt(0) === 45; // "-"
    const digits = negative || value.charCodeAt(0) === 43 ? value.slice(1) : value;
    if (digits.length <= SAFE_DIGITS) {
      split(Number(digits) || 0, 0, out);
    } else {
      // head × 10^9 + tail, each part exact as a double.
      const head = Number(digits.slice(0, -9));
      const tail = Number(digits.slice(-9));
      if (Number.isNaN(head) || Number.isNaN(tail)) split(0, 0, out);
      else split(tail, head, out);
    }
  }
  if (negative) {
    // Two's complement: invert, add one (carrying into the high half when the low one wraps).
    out.lo = (~out.lo + 1) >>> 0;
    out.hi = (~out.hi + (out.lo === 0 ? 1 : 0)) >>> 0;
  }
}

/** `low + high × 10^9` (high < 2^53) → halves, modulo 2^64. */
function split(low: number, high: number, out: Halves): void {
  if (high === 0) {
    out.lo = (low % TWO_32) >>> 0;
    out.hi = (Math.floor(low / TWO_32) % TWO_32) >>> 0;
    return;
  }
  // high = a × 2^16 + b; value = a × 10^9 × 2^16 + (b × 10^9 + low).
  const a = Math.floor(high / TWO_16);
  const b = high % TWO_16;
  const upper = a * 1e9; // < 2^37 × 2^30: exact
  const lower = b * 1e9 + low; // < 2^46: exact
  const t = (upper % TWO_16) * TWO_16 + lower; // < 2^47: exact
  out.lo = (t % TWO_32) >>> 0;
  out.hi = ((Math.floor(upper / TWO_16) + Math.floor(t / TWO_32)) % TWO_32) >>> 0;
}
