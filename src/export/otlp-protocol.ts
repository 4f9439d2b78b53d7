/**
 * The OTLP/HTTP protocols: a signal is sent in the `protocol` option's,
 * else its `OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_PROTOCOL`'s, else
 * `OTEL_EXPORTER_OTLP_PROTOCOL`'s, else `http/json`. `grpc` is reported as
 * invalid (by `readEnvConfig`) and JSON is sent.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specify-protocol
 * @module
 */

/** What asking for `http/protobuf` from `edge-trace/otlp`'s `otlp` reports, once, as it starts: the import that sends it. */
export const PROTOBUF_NEEDS_IMPORT = 'import "edge-trace/otlp-protobuf"';

/** The OTLP/HTTP encodings: JSON (the default) or binary protobuf. */
export type Protocol = "http/json" | "http/protobuf";
