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
 * functions and mixed arrays are not.
 * @param value - anything user code passed.
 * @returns whether a span may keep it.
 * @example
 * isAttributeValue(["a", null, "b"]); // true
 * isAttributeValue(10n); // false
 * @see https://opentelemetry.io/docs/specs/otel/common/#attribute
 */
export function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return true;
  try {
    return Array.isArray(value) && isHomogeneous(value);
  } catch {
    // A revoked proxy, an element getter that throws.
    return false;
  }
}

function isHomogeneous(values: readonly unknown[]): boolean {
  let first: string | undefined;
  for (const item of values) {
    if (item == null) continue;
    const type = typeof item;
    if (first === undefined) {
      if (type !== "string" && type !== "number" && type !== "boolean") return false;
      first = type;
    } else if (type !== first) return false;
  }
  return true;
}

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
  if (typeof value === "string")
    return value.length > maxLength ? value.slice(0, maxLength) : value;
  if (!Array.isArray(value)) return value;
  return (value as readonly unknown[]).map((item) =>
    typeof item === "string" && item.length > maxLength ? item.slice(0, maxLength) : item,
  ) as unknown as AttributeValue;
}

/** An attribute bag after checking: what was kept and how much was not. */
export interface CheckedAttributes {
  readonly attributes: Attributes;
  /** Attributes not kept: invalid values plus those over the count limit. */
  readonly dropped: number;
  /** Of those, the invalid values. */
  readonly invalid: number;
}

/** How much a bag may hold. */
export interface AttributeLimits {
  readonly attributeCount: number;
  readonly attributeValueLength: number;
}

/**
 * Checks a user's attribute bag (an event's, a link's, the resource's):
 * valid values are kept (strings cut, arrays copied) in a new
 * null-prototype bag, up to `attributeCount` keys; `undefined` values are
 * skipped as unset; the rest is counted.
 * @param given - the bag as user code passed it; anything but an object is an empty bag.
 * @param limits - the count and string-length limits.
 * @returns the kept bag and the counts.
 * @example
 * checkAttributes({ ok: 1, bad: null }, DEFAULT_SPAN_LIMITS); // { attributes: { ok: 1 }, dropped: 1, invalid: 1 }
 */
export function checkAttributes(given: unknown, limits: AttributeLimits): CheckedAttributes {
  const attributes = newAttributes();
  let count = 0;
  let dropped = 0;
  let invalid = 0;
  if (typeof given !== "object" || given === null) return { attributes, dropped, invalid };
  const bag = given as Readonly<Record<string, unknown>>;
  try {
    for (const key in bag) {
      const value = readAttribute(bag, key);
      if (value === undefined) continue;
      if (!isAttributeValue(value)) {
        invalid++;
        dropped++;
      } else if (key in attributes || count < limits.attributeCount) {
        if (!(key in attributes)) count++;
        attributes[key] = keptValue(value, limits.attributeValueLength);
      } else dropped++;
    }
  } catch {
    // A proxy whose keys cannot be listed: what was read so far is kept.
  }
  return { attributes, dropped, invalid };
}

/**
 * @param bag - a user's attribute bag.
 * @param key - one of its keys.
 * @returns the value; one that cannot be read (a throwing getter) reads as `null`: invalid.
 */
export function readAttribute(bag: Readonly<Record<string, unknown>>, key: string): unknown {
  try {
    return bag[key];
  } catch {
    return null;
  }
}
