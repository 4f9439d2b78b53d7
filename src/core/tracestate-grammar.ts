/**
 * The `tracestate` grammar: key and value rules, and the one-pass check
 * that lets a header already in normal form be kept as it came.
 * @see https://w3c.github.io/trace-context/#tracestate-header-field-values
 * @module
 */
import {
  TRACESTATE_MAX_KEY_LENGTH,
  TRACESTATE_MAX_MEMBERS,
  TRACESTATE_MAX_VALUE_LENGTH,
} from "./limits.js";

/** Char class bits of ASCII: a key's first char; a key char; a value char. */
const KEY_START = 1;
const KEY = 2;
const VALUE = 4;
const CHARS: Uint8Array = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const start = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
  if (start) CHARS[c]! |= KEY_START;
  if (start || "_-*/@".includes(String.fromCharCode(c))) CHARS[c]! |= KEY;
  // Printable ASCII except `,` and `=`.
  if (c >= 0x20 && c <= 0x7e && c !== 0x2c && c !== 0x3d) CHARS[c]! |= VALUE;
}

/**
 * A key begins with `a-z` or `0-9` and has up to 256 chars of `a-z 0-9 _ - * / @`.
 * The current draft makes `@` an ordinary key char (no tenant/system split,
 * no 241/14 sub-limits; w3c/trace-context PR #386).
 *
 * @param key - the candidate key.
 * @returns whether it is valid.
 * @example
 * isValidTracestateKey("fw529a3039@dt"); // true
 * isValidTracestateKey("Foo"); // false
 * @see https://w3c.github.io/trace-context/#key
 */
export function isValidTracestateKey(key: string): boolean {
  if (typeof key !== "string" || key.length === 0 || key.length > TRACESTATE_MAX_KEY_LENGTH) {
    return false;
  }
  if (!isKeyStart(key.charCodeAt(0))) return false;
  for (let i = 1; i < key.length; i++) {
    if (!isKeyChar(key.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * A value has 1 to 256 printable ASCII chars (0x20–0x7E) other than `,` and
 * `=`, and does not end with a space.
 *
 * @param value - the candidate value.
 * @returns whether it is valid.
 * @example
 * isValidTracestateValue("t61rcWkgMzE"); // true
 * isValidTracestateValue("a=b"); // false
 * @see https://w3c.github.io/trace-context/#value
 */
export function isValidTracestateValue(value: string): boolean {
  if (typeof value !== "string" || value.length === 0) return false;
  if (value.length > TRACESTATE_MAX_VALUE_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    if (!isValueChar(value.charCodeAt(i))) return false;
  }
  return value.charCodeAt(value.length - 1) !== 0x20;
}

/**
 * Checks in one pass, building nothing, that `header` is a valid
 * `tracestate` already in the form {@link formatTracestate} writes: 1 to 32
 * valid `key=value` members joined by bare commas (no whitespace around
 * them, no empty members) with no key repeated. Such a header is its own
 * normal form, so it can be kept as is and split only when read.
 *
 * @param header - the combined header value.
 * @returns the member count, or -1 when the header needs the full parse
 *   (which may still accept it, or reject it).
 */
export function scanTracestate(header: string): number {
  const n = header.length;
  let members = 0;
  let i = 0;
  for (;;) {
    const keyStart = i;
    if (i >= n || !isKeyStart(header.charCodeAt(i))) return -1;
    for (i++; i < n; i++) {
      const c = header.charCodeAt(i);
      if (c >= 0x80 || (CHARS[c]! & KEY) === 0) break;
    }
    if (header.charCodeAt(i) !== 0x3d) return -1;
    const keyEnd = i;
    if (keyEnd - keyStart > TRACESTATE_MAX_KEY_LENGTH) return -1;
    const valueStart = ++i;
    for (; i < n; i++) {
      const c = header.charCodeAt(i);
      if (c >= 0x80 || (CHARS[c]! & VALUE) === 0) break;
    }
    if (i < n && header.charCodeAt(i) !== 0x2c) return -1;
    const valueLength = i - valueStart;
    if (valueLength === 0 || valueLength > TRACESTATE_MAX_VALUE_LENGTH) return -1;
    if (header.charCodeAt(i - 1) === 0x20) return -1; // or OWS before a comma
    if (members === TRACESTATE_MAX_MEMBERS) return -1;
    if (members > 0 && repeats(header, members, keyStart, keyEnd)) return -1;
    KEYS[members * 2] = keyStart;
    KEYS[members * 2 + 1] = keyEnd;
    members++;
    if (i === n) return members;
    if (++i === n) return -1; // a trailing comma: the full parse drops it
  }
}

/**
 * Scratch for the keys' offsets ([start0, end0, start1, end1, …]) during one
 * synchronous scan, so the scan allocates nothing.
 */
const KEYS = new Int32Array(TRACESTATE_MAX_MEMBERS * 2);

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

/** The first key char: lcalpha / DIGIT. */
function isKeyStart(c: number): boolean {
  return c < 0x80 && (CHARS[c]! & KEY_START) !== 0;
}

/** keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" */
function isKeyChar(c: number): boolean {
  return c < 0x80 && (CHARS[c]! & KEY) !== 0;
}

/** Printable ASCII except `,` and `=`. */
function isValueChar(c: number): boolean {
  return c < 0x80 && (CHARS[c]! & VALUE) !== 0;
}
