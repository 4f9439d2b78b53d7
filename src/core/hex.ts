/**
 * The one lowercase-hex validator every id path uses.
 * @module
 */

/** Lowercase hex, not all zeros (https://www.w3.org/TR/trace-context-2/#trace-id). */
const HEX_ID = /^(?!0+$)[\da-f]+$/;

/** True when `value` is `length` lowercase hex digits and not all zeros. */
export function isValidHexId(value: string, length: number): boolean {
  return typeof value === "string" && value.length === length && HEX_ID.test(value);
}

// A table, because id generation writes one byte at a time; pure, so a
// bundle that never formats a byte drops it.
const HEX_TABLE: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** Two lowercase hex digits for a byte (flags are always two digits). */
export function byteToHex(byte: number): string {
  return HEX_TABLE[byte & 0xff]!;
}
