/**
 * 64-bit integers as OTLP/JSON gives them (decimal strings, numbers or
 * bigints) split into the two 32-bit halves the wire format is written
 * from, without losing a digit past 2^53 and without `BigInt` on the hot
 * path: the decimal digits are folded in six at a time, which keeps every
 * intermediate product below 2^53.
 * @see https://protobuf.dev/programming-guides/json/ (int64 as decimal strings)
 * @module
 */

const TWO_32 = 4294967296;
/** Strings this short are exact as a double. */
const SAFE_DIGITS = 15;

/**
 * @param value - an int64 or uint64: a decimal string (`"-5"`, `"1700000000123456000"`),
 *   a number (an integer) or a bigint. Anything unreadable counts as 0.
 * @returns the low and high 32 bits, two's complement for negatives.
 * @example
 * int64Halves("-1"); // [0xffffffff, 0xffffffff]
 */
export function int64Halves(value: string | number | bigint): [lo: number, hi: number] {
  if (typeof value === "bigint") {
    const wrapped = BigInt.asUintN(64, value);
    return [Number(wrapped & 0xffffffffn), Number(wrapped >> 32n)];
  }
  const text = typeof value === "number" ? value : value.trim();
  const negative = typeof text === "number" ? text < 0 : text.startsWith("-");
  let lo: number;
  let hi: number;
  if (typeof text === "number" || text.length <= SAFE_DIGITS) {
    const magnitude = Math.abs(Math.trunc(Number(text))) || 0;
    lo = magnitude % TWO_32;
    hi = Math.floor(magnitude / TWO_32) % TWO_32;
  } else {
    [lo, hi] = decimalHalves(negative || text.startsWith("+") ? text.slice(1) : text);
  }
  if (!negative) return [lo >>> 0, hi >>> 0];
  // Two's complement: invert, add one (carrying into the high half when the low one wraps).
  lo = (~lo + 1) >>> 0;
  hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  return [lo, hi];
}

/** Unsigned decimal digits → halves, modulo 2^64; a non-digit makes it 0. */
function decimalHalves(digits: string): [number, number] {
  if (!/^\d+$/.test(digits)) return [0, 0];
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < digits.length; i += 6) {
    const chunk = digits.slice(i, i + 6);
    const n = Number(chunk);
    const scale = 10 ** chunk.length;
    // lo < 2^32 and scale ≤ 10^6 < 2^20: the product stays exact.
    const low = lo * scale + n;
    lo = low % TWO_32;
    hi = (hi * scale + Math.floor(low / TWO_32)) % TWO_32;
  }
  return [lo, hi];
}
