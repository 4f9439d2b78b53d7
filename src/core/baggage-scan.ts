/**
 * The one-pass check that lets a `baggage` header already in normal form be
 * kept as it came, and the `token` char class its keys use.
 * @see https://w3c.github.io/baggage/#definition
 * @module
 */
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS } from "./limits.js";
import { isBaggageOctet } from "./percent-encoding.js";

/** Char class bits of ASCII: an RFC 7230 `tchar`; a `baggage-octet` written as itself (not `%`). */
const TCHAR = 1;
const PLAIN = 2;
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
const CHARS: Uint8Array = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (alnum || TCHAR_SYMBOLS.includes(String.fromCharCode(c))) CHARS[c]! |= TCHAR;
  if (isBaggageOctet(c) && c !== 0x25) CHARS[c]! |= PLAIN;
}

/**
 * Checks in one pass, building and decoding nothing, that `header` is
 * exactly what `formatBaggage(parseBaggage(header))` would write, so it can
 * be kept as is and parsed only when read: 1 to 64 members within 8192
 * bytes, joined by bare commas; each `key=value` then `;key` or `;key=value`
 * properties, with no whitespace, no empty member or property and no
 * repeated key; values whose every `%XX` has uppercase hex, stands for an
 * octet that must be encoded, and whose octets of 0x80 and above form
 * well-formed UTF-8 (else decoding and re-encoding would change them).
 *
 * @param header - the combined header value.
 * @returns the member count, or -1 when the header needs the full parse
 *   (which may still accept some or all of it).
 */
export function scanBaggage(header: string): number {
  const n = header.length;
  if (n === 0 || n > BAGGAGE_MAX_BYTES) return -1;
  let members = 0;
  let i = 0;
  for (;;) {
    const keyStart = i;
    i = scanToken(header, i);
    if (i === keyStart || header.charCodeAt(i) !== 0x3d) return -1;
    const keyEnd = i;
    i = scanValue(header, i + 1);
    while (i >= 0 && header.charCodeAt(i) === 0x3b) {
      const propertyStart = i + 1;
      i = scanToken(header, propertyStart);
      if (i === propertyStart) return -1;
      if (header.charCodeAt(i) === 0x3d) i = scanValue(header, i + 1);
    }
    if (i < 0 || members === BAGGAGE_MAX_MEMBERS) return -1;
    if (members > 0 && repeats(header, members, keyStart, keyEnd)) return -1;
    KEYS[members * 2] = keyStart;
    KEYS[members * 2 + 1] = keyEnd;
    members++;
    if (i === n) return members;
    // Anything but a comma here (whitespace, a bad char) needs the full parse.
    if (header.charCodeAt(i) !== 0x2c) return -1;
    i++;
  }
}

/**
 * Scratch for the keys' offsets ([start0, end0, start1, end1, …]) during one
 * synchronous scan, so the scan allocates nothing.
 */
const KEYS = new Int32Array(BAGGAGE_MAX_MEMBERS * 2);

/**
 * A key is an RFC 7230 `token` char: ALPHA, DIGIT or ``!#$%&'*+-.^_`|~``.
 * @see https://httpwg.org/specs/rfc7230.html#rule.token.separators
 */
export function isTchar(c: number): boolean {
  return c < 0x80 && (CHARS[c]! & TCHAR) !== 0;
}

/** The index after the token chars from `i`. */
function scanToken(header: string, i: number): number {
  const n = header.length;
  for (; i < n; i++) {
    const c = header.charCodeAt(i);
    if (c >= 0x80 || (CHARS[c]! & TCHAR) === 0) break;
  }
  return i;
}

/**
 * The index after a value in normal form starting at `i` (at `,`, `;` or
 * the end), or -1 when the value is not in normal form.
 */
function scanValue(header: string, i: number): number {
  const n = header.length;
  while (i < n) {
    const c = header.charCodeAt(i);
    if (c < 0x80 && (CHARS[c]! & PLAIN) !== 0) i++;
    else if (c === 0x25) i = scanEscaped(header, i);
    else return c === 0x2c || c === 0x3b ? i : -1;
    if (i < 0) return -1;
  }
  return i;
}

/**
 * The index after one percent-encoded char at `i` (a `%XX` the formatter
 * would write: an ASCII octet it must encode, or every octet of one
 * well-formed UTF-8 sequence, as a sequence cut short decodes to U+FFFD),
 * or -1.
 */
function scanEscaped(header: string, i: number): number {
  const lead = escapedByte(header, i);
  if (lead < 0x80) return lead < 0 || (CHARS[lead]! & PLAIN) !== 0 ? -1 : i + 3;
  // The continuation count, and the range of the first continuation byte.
  let count: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) count = 1;
  else if (lead >= 0xe0 && lead <= 0xef) count = 2;
  else if (lead >= 0xf0 && lead <= 0xf4) count = 3;
  else return -1;
  if (lead === 0xe0) lower = 0xa0;
  else if (lead === 0xed) upper = 0x9f;
  else if (lead === 0xf0) lower = 0x90;
  else if (lead === 0xf4) upper = 0x8f;
  for (let k = 0; k < count; k++) {
    i += 3;
    const byte = escapedByte(header, i);
    if (byte < lower || byte > upper) return -1;
    lower = 0x80;
    upper = 0xbf;
  }
  return i + 3;
}

/** The octet of `%XX` at `i` with uppercase hex (as the formatter writes it), else negative. */
function escapedByte(header: string, i: number): number {
  if (header.charCodeAt(i) !== 0x25) return -1;
  return (upperHex(header.charCodeAt(i + 1)) << 4) | upperHex(header.charCodeAt(i + 2));
}

/** An uppercase hex digit's value (the formatter writes `%XX` in uppercase); else a large negative. */
function upperHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -0x1000;
}

/** Whether the key at `[start, end)` equals one of the first `count` keys in {@link KEYS}. */
function repeats(header: string, count: number, start: number, end: number): boolean {
  const length = end - start;
  for (let k = 0; k < count * 2; k += 2) {
    const other = KEYS[k]!;
    if (KEYS[k + 1]! - other !== length) continue;
    let j = 0;
    while (j < length && header.charCodeAt(other + j) === header.charCodeAt(start + j)) j++;
    if (j === length) return true;
  }
  return false;
}
