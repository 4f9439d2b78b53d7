/**
 * The one lowercase-hex validator every id path uses.
 * @module
 */

const HEX_TABLE: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** True when `value` is `length` lowercase hex digits and not all zeros. */
export function isValidHexId(value: string, length: number): boolean {
  if (value.length !== length) return false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) nonZero = true;
    } else if (c >= 97 && c <= 102) {
      nonZero = true;
    } else {
      return false;
    }
  }
  return nonZero;
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
