/**
 * RFC 7230 optional whitespace.
 * @see https://httpwg.org/specs/rfc7230.html#whitespace
 * @module
 */

/**
 * Strips optional whitespace (spaces and horizontal tabs) from both ends.
 * A loop, not a regex: `/[ \t]+$/` is quadratic on a long inner run of spaces.
 */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
