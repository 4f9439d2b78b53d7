/**
 * Percent-encoding of baggage values: UTF-8, everything outside
 * `baggage-octet` and `%` itself encoded, never `+` for a space.
 * @see https://www.w3.org/TR/baggage/#value
 * @module
 */

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
/** Up to this many octets are decoded in JS: a TextDecoder call costs more than short values. */
const JS_DECODE_MAX = 64;

/** Each byte as it appears in a value: itself when a `baggage-octet` other than `%`, else `%XX`. */
const ENCODED: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  isBaggageOctet(b) && b !== 0x25
    ? String.fromCharCode(b)
    : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
);

/**
 * Percent-decodes a raw value as UTF-8. `undefined` when it has a char outside
 * `baggage-octet` or a `%` not followed by two hex digits.
 */
export function decodeValue(raw: string): string | undefined {
  let percent = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!isBaggageOctet(c)) return undefined;
    if (c === 0x25) percent = true;
  }
  if (!percent) return raw;
  const bytes = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x25) {
      bytes[n++] = c;
      continue;
    }
    const hi = hexValue(raw.charCodeAt(i + 1));
    const lo = hexValue(raw.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return undefined;
    bytes[n++] = hi * 16 + lo;
    i += 2;
  }
  return n <= JS_DECODE_MAX ? decodeUtf8(bytes, n) : decoder.decode(bytes.subarray(0, n));
}

/**
 * UTF-8 decoding as `TextDecoder` does it (WHATWG Encoding §8.1.1: each
 * maximal invalid subpart becomes one U+FFFD, a BOM is kept).
 * @see https://encoding.spec.whatwg.org/#utf-8-decoder
 */
function decodeUtf8(bytes: Uint8Array, n: number): string {
  let out = "";
  let codePoint = 0;
  let needed = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < n; i++) {
    const byte = bytes[i]!;
    if (needed === 0) {
      if (byte < 0x80) out += String.fromCharCode(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = byte & 0xf;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = byte & 0x7;
      } else out += "\uFFFD";
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence so far is one error; the byte starts afresh.
      needed = 0;
      lower = 0x80;
      upper = 0xbf;
      out += "\uFFFD";
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
    if (--needed === 0) out += String.fromCodePoint(codePoint);
  }
  return needed === 0 ? out : `${out}\uFFFD`;
}

/** UTF-8 percent-encoding of everything outside `baggage-octet`, and of `%`. */
export function encodeValue(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length && plain; i++) {
    const c = value.charCodeAt(i);
    plain = isBaggageOctet(c) && c !== 0x25;
  }
  if (plain) return value;
  // UTF-8 written straight to %XX: no TextEncoder call, no byte array.
  let out = "";
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      out += ENCODED[c]!;
      continue;
    }
    if (c < 0x800) {
      out += ENCODED[0xc0 | (c >> 6)]! + ENCODED[0x80 | (c & 0x3f)]!;
      continue;
    }
    if (isSurrogatePair(c, value.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00);
      out += ENCODED[0xf0 | (c >> 18)]! + ENCODED[0x80 | ((c >> 12) & 0x3f)]!;
    } else {
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate, as TextEncoder writes it
      out += ENCODED[0xe0 | (c >> 12)]!;
    }
    out += ENCODED[0x80 | ((c >> 6) & 0x3f)]! + ENCODED[0x80 | (c & 0x3f)]!;
  }
  return out;
}

/** `encodeValue(value).length`: 1 per plain octet, 3 per encoded UTF-8 byte. */
export function encodedLength(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) {
      length += isBaggageOctet(c) && c !== 0x25 ? 1 : 3;
    } else if (c < 0x800) {
      length += 6;
    } else if (isSurrogatePair(c, value.charCodeAt(i + 1))) {
      length += 12;
      i++;
    } else {
      length += 9; // 3 UTF-8 bytes; a lone surrogate is written as U+FFFD, also 3
    }
  }
  return length;
}

function isSurrogatePair(hi: number, lo: number): boolean {
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
export function isBaggageOctet(c: number): boolean {
  return (
    c === 0x21 ||
    (c >= 0x23 && c <= 0x2b) ||
    (c >= 0x2d && c <= 0x3a) ||
    (c >= 0x3c && c <= 0x5b) ||
    (c >= 0x5d && c <= 0x7e)
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
