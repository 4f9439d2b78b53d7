/**
 * The one OTLP/JSON value encoder for every signal: spans, logs and metrics
 * turn their attributes into `KeyValue`s here. It is total: whatever it is
 * given (a `bigint`, a symbol, a cyclic object, a revoked proxy, `NaN`) it
 * returns a value the OTLP schema accepts or skips the value, and never
 * throws, so one bad value can never cost a batch. Spans check their values
 * where they are set (`attribute-value.ts`); this is the last line, not the filter.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/common/v1/common.proto
 * @module
 */

/**
 * `AnyValue`: exactly one member is set, or none (`{}`, an array element
 * that is `null` or `undefined`: the proto's "no value"). `intValue` is an
 * int64, so a decimal string; `doubleValue` is a number, or `"NaN"`,
 * `"Infinity"`, `"-Infinity"` as proto3 JSON spells the non-finite doubles.
 */
export type OtlpAnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number | string }
  | { readonly arrayValue: { readonly values: readonly OtlpAnyValue[] } }
  | OtlpEmptyValue;

/** An `AnyValue` with no member set. */
export type OtlpEmptyValue = { readonly [member: string]: never };

/** `KeyValue`. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

/**
 * @param attributes - values by key (a span's, a log line's fields, a metric
 *   point's); `undefined` values, functions and values that cannot be read are skipped.
 * @returns them as `KeyValue`s, in key order.
 * @example
 * keyValues({ "http.route": "/users/:id" }); // [{ key: "http.route", value: { stringValue: "/users/:id" } }]
 */
export function keyValues(attributes: Readonly<Record<string, unknown>>): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key in attributes) {
    const value = anyValue(attributes[key]);
    if (value !== undefined) out.push({ key, value });
  }
  return out;
}

/**
 * One value: strings and booleans as themselves; a number is an `intValue`
 * when it is a safe integer, else a `doubleValue`; an array element by
 * element, its numbers all doubles when any is not an integer (so the array
 * stays homogeneous), `null` and `undefined` elements as `{}`; anything
 * else (an object, `null`, a `bigint`, a symbol) as JSON text or its `String()`.
 * @param value - any value.
 * @param integers - for an array's numbers: whether all of them are integers.
 * @param depth - how deep in arrays the value is.
 * @returns its `AnyValue`, or `undefined` for `undefined`, functions and what cannot be read or written.
 * @example
 * anyValue([1, 2.5]); // { arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: 2.5 }] } }
 * anyValue(Number.NaN); // { doubleValue: "NaN" }
 */
export function anyValue(value: unknown, integers?: boolean, depth = 0): OtlpAnyValue | undefined {
  try {
    const type = typeof value;
    if (type === "string") return { stringValue: value as string };
    if (type === "boolean") return { boolValue: value as boolean };
    if (type === "number") {
      if (integers ?? Number.isSafeInteger(value)) return { intValue: String(value) };
      // proto3 JSON spells the non-finite doubles as strings: "NaN", "Infinity", "-Infinity".
      return { doubleValue: Number.isFinite(value) ? (value as number) : String(value) };
    }
    // Nested deeper than 8, an array is JSON text (a cyclic one is skipped): no endless recursion.
    if (Array.isArray(value) && depth < 8) {
      const ints = value.every((v) => typeof v !== "number" || Number.isSafeInteger(v));
      const values = Array.from(value, (v) => (v != null && anyValue(v, ints, depth + 1)) || {});
      return { arrayValue: { values } };
    }
    if (value === undefined || type === "function") return undefined;
    // JSON.stringify gives undefined for a symbol, and throws on a bigint or a cycle.
    return { stringValue: (type === "object" && JSON.stringify(value)) || String(value) };
  } catch {
    // A cyclic object, a revoked proxy, a getter that throws: skipped, the batch goes.
    return undefined;
  }
}
