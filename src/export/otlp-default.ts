/**
 * `otlp()`, the exporter `edge-trace/otlp` exports (and `edge-trace/lambda`
 * with it, so an unbundled function loads one entry point): OTLP/HTTP JSON.
 * @module
 */
import type { Exporter } from "../trace/recorder.js";
import { createOtlp, type OtlpOptions } from "./otlp-setup.js";

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
