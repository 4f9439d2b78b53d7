/**
 * The OTLP/JSON pieces logs and metrics encode: `KeyValue`s and `AnyValue`s
 * of any value (a log field may be an object); times use the span
 * encoder's `toUnixNano`. Kept here, small and self-contained,
 * so the span encoder can change without moving these.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * @module
 */

/** `AnyValue` as sent. */
export type AnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number }
  | { readonly arrayValue: { readonly values: readonly AnyValue[] } };

/** `KeyValue` as sent. */
export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/**
 * One value: strings, booleans and finite numbers as themselves, arrays
 * element by element, anything else (objects, non-finite numbers) as JSON
 * text so that a log field is never lost or thrown on.
 * @param value - any value.
 * @returns its `AnyValue`, or `undefined` for `undefined` and functions.
 */
export function anyValue(value: unknown): AnyValue | undefined {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number" && Number.isFinite(value)) {
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (Array.isArray(value)) {
    const values: AnyValue[] = [];
    for (const item of value) values.push(anyValue(item) ?? { stringValue: "" });
    return { arrayValue: { values } };
  }
  if (value === undefined || typeof value === "function") return undefined;
  try {
    return { stringValue: JSON.stringify(value) ?? String(value) };
  } catch {
    return { stringValue: String(value) };
  }
}

/**
 * @param attributes - values by key; `undefined` ones are skipped.
 * @returns OTLP `KeyValue`s.
 * @example
 * keyValues({ "http.route": "/users/:id" }); // [{ key: "http.route", value: { stringValue: "/users/:id" } }]
 */
export function keyValues(attributes: Readonly<Record<string, unknown>>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) {
    const value = anyValue(attributes[key]);
    if (value !== undefined) out.push({ key, value });
  }
  return out;
}
