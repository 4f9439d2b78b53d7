/**
 * The one lowercase-hex validator every id path uses.
 * @module
 */

const HEX_TABLE: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** True when `value` is `length` lowercase hex digits and not all zeros. */
export function isValidHexId(value: string, length: number): boolean {
  return value.length === length && isHexIdAt(value, 0, length);
}

/**
 * True when `value` has `length` lowercase hex digits, not all zeros, from
 * `start` (past its end counts as invalid).
 */
export function isHexIdAt(value: string, start: number, length: number): boolean {
  // OR of the digits' values: zero only when every digit is `0`.
  let any = 0;
  for (let i = start; i < start + length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) any |= c - 48;
    else if (c >= 97 && c <= 102) any |= 1;
    else return false;
  }
  return any !== 0;
}

/** Lowercase hex of `bytes`, two digits per byte, via a lookup table. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_TABLE[bytes[i]!]!;
  return out;
}

/** Two lowercase hex digits for a byte (flags are always two digits). */
export function byteToHex(byte: number): string {
  return HEX_TABLE[byte & 0xff]!;
}
