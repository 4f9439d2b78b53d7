/**
 * Percent-encoding of baggage values: UTF-8, everything outside
 * `baggage-octet` and `%` itself encoded, never `+` for a space. The
 * built-in URI codecs do the UTF-8 work; a small fix-up makes their output
 * exactly this.
 * @see https://www.w3.org/TR/baggage/#value
 * @module
 */

/**
 * The escapes `encodeURIComponent` writes for ASCII that is a `baggage-octet`
 * (`#$&+/:<=>?@[]^`{|}`), which the value grammar lets stand as itself; `%`
 * (25), space (20), `"` (22), `,` (2C), `;` (3B) and `\` (5C) stay encoded.
 */
const NEEDLESS_ESCAPE = /%(?:2[346BF]|3[AC-F]|40|5[BDE]|60|7[B-D])/g;

/**
 * Percent-decodes a value the grammar accepted, as UTF-8, each invalid
 * sequence becoming U+FFFD as `TextDecoder` does (WHATWG Encoding §8.1.1).
 * Where `decodeURIComponent` would throw: the octets are decoded one by one.
 * @see https://encoding.spec.whatwg.org/#utf-8-decoder
 */
export function decodeLossy(raw: string): string {
  // `.` suffices: the grammar admits no line terminators.
  const octets = Uint8Array.from(raw.match(/%..|./g) ?? [], (s) =>
    s.length > 1 ? parseInt(s.slice(1), 16) : s.charCodeAt(0),
  );
  // Workers' types require `fatal` (false, the default): the cast spares its bytes.
  return new TextDecoder("utf-8", {
    ignoreBOM: true,
  } as ConstructorParameters<typeof TextDecoder>[1]).decode(octets);
}

/** UTF-8 percent-encoding of everything outside `baggage-octet`, and of `%`; a lone surrogate as U+FFFD. */
export function encodeValue(value: string): string {
  // A lone surrogate would make encodeURIComponent throw; TextEncoder writes U+FFFD for it.
  const wellFormed = (value as string & { toWellFormed(): string }).toWellFormed();
  return encodeURIComponent(wellFormed).replace(NEEDLESS_ESCAPE, decodeURIComponent);
}
