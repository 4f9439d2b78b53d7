/**
 * Several fields of one name, as one value.
 * @module
 */

/**
 * RFC 7230 §3.2.2: several fields of one name combine, in order, with commas.
 * @see https://httpwg.org/specs/rfc7230.html#field.order
 */
export function joinHeaders(
  value: string | readonly string[] | null | undefined,
): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.filter((v): v is string => typeof v === "string").join(",");
}
