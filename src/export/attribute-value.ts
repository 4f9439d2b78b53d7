/**
 * Attribute values checked where they are set, as OpenTelemetry's SDK does
 * (`isAttributeValue` in `@opentelemetry/core`): what a span, an event, a
 * link or the resource keeps is always something the encoder can send, and
 * what is not is dropped and counted, never thrown on later.
 * @see https://opentelemetry.io/docs/specs/otel/common/#attribute
 * @module
 */
import type { Attributes, AttributeValue } from "../trace/span-data.js";

/**
 * Whether a value is an OpenTelemetry attribute value: a string, a boolean,
 * a number (`NaN` and infinities included: OTLP has doubles for them), or an
 * array of one of those types, where `null` and `undefined` elements are
 * allowed as OpenTelemetry allows them. `null`, `bigint`, symbols, objects,
 * functions, nested and mixed arrays are not.
 * @param value - anything user code passed.
 * @returns whether a span may keep it.
 * @example
 * isAttributeValue(["a", null, "b"]); // true
 * isAttributeValue(10n); // false
 * @see https://opentelemetry.io/docs/specs/otel/common/#attribute
 */
export function isAttributeValue(value: unknown): value is AttributeValue {
  if (PRIMITIVE.includes(typeof value)) return true;
  try {
    // One type for every element that is not null or undefined.
    const types = new Set<unknown>(
      Array.isArray(value) ? Array.from(value, (v) => v == null || typeof v) : [0],
    );
    types.delete(true);
    return types.size < 2 && PRIMITIVE.includes([...types, "string"][0] as string);
  } catch {
    // A revoked proxy, an element getter that throws.
    return false;
  }
}

const PRIMITIVE: readonly string[] = ["string", "number", "boolean"];

/**
 * A new attribute bag. Null-prototype: `key in bag` sees only what was set,
 * so `constructor` and `toString` are keys like any other, and `__proto__`
 * is an ordinary attribute rather than the bag's prototype.
 * @returns an empty bag.
 */
export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}

/**
 * The value as kept: a string cut to `maxLength`, an array copied (so a
 * later change by the caller cannot reach what is exported) with its strings cut.
 * @param value - a value {@link isAttributeValue} accepted.
 * @param maxLength - most UTF-16 units of a string.
 * @returns the value to store.
 */
export function keptValue(value: AttributeValue, maxLength: number): AttributeValue {
  if (typeof value === "string") return value.slice(0, maxLength);
  if (!Array.isArray(value)) return value;
  return value.map((v: unknown) =>
    typeof v === "string" ? v.slice(0, maxLength) : v,
  ) as AttributeValue;
}
