/**
 * The OTLP/JSON pieces logs and metrics encode: the same total encoder as
 * spans (`export/any-value.ts`), under the names the signals use.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * @module
 */
import type { OtlpAnyValue, OtlpKeyValue } from "../export/any-value.js";

export { anyValue, keyValues } from "../export/any-value.js";

/** `AnyValue` as sent. */
export type AnyValue = OtlpAnyValue;

/** `KeyValue` as sent. */
export type KeyValue = OtlpKeyValue;
