/**
 * RFC 7230 optional whitespace.
 * @see https://httpwg.org/specs/rfc7230.html#whitespace
 * @module
 */

/** True for a space or a horizontal tab. */
export function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Strips optional whitespace (spaces and horizontal tabs) from both ends. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
