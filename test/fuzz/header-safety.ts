/**
 * What every header we write must be, whatever its format.
 * @module
 */

/** RFC 9110 §5.1 field-name (token); Jaeger's `uberctx-{key}` keeps the key's case. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5 field-value, restricted to ASCII: may be empty (an empty Jaeger baggage value). */
const FIELD_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;

/**
 * Why a header we write is unsafe, or `undefined`: a token name;
 * a value of visible ASCII and inner spaces only (so no CR, LF or NUL, and
 * nothing a runtime would re-encode or trim), that `Headers.set` accepts unchanged.
 */
export function headerError(name: string, value: string): string | undefined {
  if (!FIELD_NAME.test(name)) return `bad header name ${JSON.stringify(name)}`;
  if (/[\r\n\0]/.test(value)) return `CR/LF/NUL in ${name}: ${JSON.stringify(value)}`;
  if (!FIELD_VALUE.test(value)) return `bad ${name} value ${JSON.stringify(value)}`;
  try {
    const headers = new Headers();
    headers.set(name, value);
    if (headers.get(name) !== value) return `Headers changed ${name}: ${JSON.stringify(value)}`;
  } catch (error) {
    return `Headers.set(${name}) threw: ${String(error)}`;
  }
  return undefined;
}
