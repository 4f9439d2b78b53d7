/**
 * `edge-trace/otlp`: export spans as OTLP/HTTP JSON to any OpenTelemetry
 * endpoint (a collector, Jaeger, Tempo, a vendor). Export is something you
 * import: an adapter given no exporter records nothing and bundles none of
 * this.
 *
 * @example
 * import { withTrace } from "edge-trace/workers";
 * import { otlp } from "edge-trace/otlp";
 *
 * export default withTrace({ fetch: (request, env, ctx, trace) => trace.fetch(env.UP) }, {
 *   exporter: otlp(), // reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, … from env
 * });
 * @module
 */

export type { DiagnosticEvent, OnError } from "./export/diagnostics.js";
export type { Compression } from "./export/env-config.js";
export type { SpanLimits } from "./export/limits.js";
export { otlp } from "./export/otlp-default.js";
export type { OtlpAnswer, OtlpEncoding, Sign } from "./export/otlp-encoding.js";
export type { Protocol } from "./export/otlp-protocol.js";
export { DEFAULT_OTLP_URL, type OtlpOptions } from "./export/otlp-setup.js";
export type { ExportOptions } from "./export/recorder-setup.js";
export type { Signal, SignalContext, SignalOptions } from "./export/signal.js";
export type { EnvRecord } from "./trace/env-record.js";
export type { Exporter, RuntimeHints } from "./trace/recorder.js";
