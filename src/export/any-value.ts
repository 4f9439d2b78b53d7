/**
 * The one OTLP/JSON value encoder for every signal: spans, logs and metrics
 * turn their attributes into `KeyValue`s here. It is total: whatever it is
 * given (a `bigint`, a symbol, a cyclic object, a revoked proxy, `NaN`) it
 * returns a value the OTLP schema accepts, and never throws, so one bad
 * value can never cost a batch. Spans check their values where they are set
 * (`attribute-value.ts`); this is the last line, not the filter.
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

/** Nested arrays deeper than this are sent as JSON text: no recursion without end. */
const MAX_DEPTH = 8;
/** int64's range: `intValue` holds nothing wider. */
const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;
const EMPTY: OtlpEmptyValue = {};

/**
 * @param attributes - values by key (spans', a log line's fields, a metric
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
 * when it is a safe integer, else a `doubleValue`; a `bigint` is an
 * `intValue` within int64, else its digits as a string; an array element by
 * element, numbers all doubles when any is not an integer (so the array
 * stays homogeneous), `null` and `undefined` elements as `{}`; anything
 * else (an object, `null`, a symbol) as JSON text, or its `String()`.
 * @param value - any value.
 * @returns its `AnyValue`, or `undefined` for `undefined`, functions and what cannot be read.
 * @example
 * anyValue([1, 2.5]); // { arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: 2.5 }] } }
 * anyValue(Number.NaN); // { doubleValue: "NaN" }
 */
export function anyValue(value: unknown): OtlpAnyValue | undefined {
  try {
    return encode(value, undefined, 0);
  } catch {
    // A revoked proxy, a getter that throws: the value is skipped, the batch goes.
    return undefined;
  }
}

function encode(
  value: unknown,
  integers: boolean | undefined,
  depth: number,
): OtlpAnyValue | undefined {
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "number":
      if (integers ?? Number.isSafeInteger(value)) return { intValue: String(value) };
      // proto3 JSON spells the non-finite doubles as strings: "NaN", "Infinity", "-Infinity".
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
    case "bigint":
      return value >= INT64_MIN && value <= INT64_MAX
        ? { intValue: value.toString() }
        : { stringValue: value.toString() };
    case "undefined":
    case "function":
      return undefined;
    case "symbol":
      return { stringValue: value.toString() };
  }
  return Array.isArray(value) && depth < MAX_DEPTH
    ? arrayValue(value, depth + 1)
    : textValue(value);
}

function arrayValue(values: readonly unknown[], depth: number): OtlpAnyValue {
  let numbers = true;
  let integers = true;
  for (const item of values) {
    if (item == null) continue;
    if (typeof item !== "number") numbers = false;
    else if (!Number.isSafeInteger(item)) integers = false;
  }
  const encoded: OtlpAnyValue[] = [];
  for (const item of values) {
    encoded.push((item != null && encode(item, numbers ? integers : undefined, depth)) || EMPTY);
  }
  return { arrayValue: { values: encoded } };
}

/** JSON text (`bigint`s as digits), else `String()`, else nothing lost but the value. */
function textValue(value: unknown): OtlpAnyValue {
  try {
    const json = JSON.stringify(value, bigintAsDigits);
    if (json !== undefined) return { stringValue: json };
  } catch {}
  try {
    return { stringValue: String(value) };
  } catch {
    // A null-prototype object has no toString.
    return { stringValue: "[object]" };
  }
}

function bigintAsDigits(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
