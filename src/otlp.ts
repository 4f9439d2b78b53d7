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

import { createOtlp, type OtlpOptions } from "./export/otlp-setup.js";
import type { Exporter } from "./trace/recorder.js";

export type { DiagnosticEvent, OnError } from "./export/diagnostics.js";
export type { Compression } from "./export/env-config.js";
export type { SpanLimits } from "./export/limits.js";
export type { OtlpAnswer, OtlpEncoding, Sign } from "./export/otlp-encoding.js";
export type { Protocol } from "./export/otlp-protocol.js";
export { DEFAULT_OTLP_URL, type OtlpOptions } from "./export/otlp-setup.js";
export type { ExportOptions } from "./export/recorder-setup.js";
export type { Signal, SignalContext, SignalOptions } from "./export/signal.js";
export type { EnvRecord } from "./trace/env-record.js";
export type { Exporter, RuntimeHints } from "./trace/recorder.js";

/**
 * OTLP/HTTP JSON export. With no options it is configured at run time by
 * the standard variables, read from the adapter's environment (a Worker's
 * `env`, `process.env`, `Deno.env`): `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`,
 * `_HEADERS`, `_TIMEOUT`, `_COMPRESSION`, `_PROTOCOL`, `OTEL_SERVICE_NAME`,
 * `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER(_ARG)`, `OTEL_BSP_*` and
 * `OTEL_SDK_DISABLED`. Without an endpoint it sends to
 * `http://localhost:4318/v1/traces`. Logs and metrics go to the same
 * collector, on the same flushes, when their signals are passed in.
 *
 * This `otlp` sends JSON only, so that a Worker that never sends protobuf
 * never bundles its encoder: asked for `http/protobuf` (the `protocol`
 * option or an `OTEL_EXPORTER_OTLP_*PROTOCOL` variable), it exports nothing
 * and reports, once, the import to use instead: `edge-trace/otlp-protobuf`.
 *
 * @param options - settings that win over the variables.
 * @returns the exporter, for any adapter's `exporter` option.
 * @example
 * withTrace(handler, { exporter: otlp({ endpoint: "https://otlp.example.com", headers: { "x-api-key": key } }) });
 * @example
 * // All three signals (imported from edge-trace/logs and edge-trace/metrics)
 * withTrace(handler, { exporter: otlp({ logs: otlpLogs(), metrics: httpMetrics() }) });
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 */
export function otlp(options: OtlpOptions = {}): Exporter {
  return createOtlp(options);
}
