/**
 * `edge-trace/otlp-protobuf`: `otlp()` that also speaks OTLP/HTTP protobuf
 * (`application/x-protobuf`), for backends that refuse JSON. Same options
 * and variables as `edge-trace/otlp`; change the import and set
 * `protocol: "http/protobuf"` or `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`.
 * Its own import so that Workers that send JSON never bundle the encoder.
 *
 * @example
 * import { withTrace } from "edge-trace/workers";
 * import { otlp } from "edge-trace/otlp-protobuf";
 *
 * export default withTrace({ fetch: (request, env, ctx, trace) => trace.fetch(env.UP) }, {
 *   exporter: otlp({ protocol: "http/protobuf" }),
 * });
 * @module
 */

export type { DiagnosticEvent, OnError } from "./export/diagnostics.js";
export type { Compression } from "./export/env-config.js";
export type { SpanLimits } from "./export/limits.js";
export type { Sign } from "./export/otlp-encoding.js";
export type { Protocol } from "./export/otlp-protocol.js";
export { DEFAULT_OTLP_URL, type OtlpOptions } from "./export/otlp-setup.js";
export type { ExportOptions } from "./export/recorder-setup.js";
export type { Signal, SignalContext, SignalOptions } from "./export/signal.js";
export { otlp } from "./protobuf/otlp-protobuf-exporter.js";
export type { EnvRecord } from "./trace/env-record.js";
export type { Exporter, Recorder, RuntimeHints } from "./trace/recorder.js";
