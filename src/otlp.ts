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

import type { Compression } from "./export/env-config.js";
import { createOtlpExporter } from "./export/otlp-exporter.js";
import { endpointUrl } from "./export/otlp-url.js";
import { type ExportOptions, setupRecorder } from "./export/recorder-setup.js";
import type { Signal } from "./signals/signal.js";
import type { Exporter } from "./trace/recorder.js";

export type { DiagnosticEvent, OnError } from "./export/diagnostics.js";
export type { Compression } from "./export/env-config.js";
export type { SpanLimits } from "./export/limits.js";
export type { ExportOptions } from "./export/recorder-setup.js";
export type { Signal, SignalContext, SignalOptions } from "./signals/signal.js";
export type { EnvRecord } from "./trace/env-record.js";
export type { Exporter, RuntimeHints } from "./trace/recorder.js";

/** The OTLP/HTTP default endpoint, used when neither the options nor the variables name one. */
export const DEFAULT_OTLP_URL = "http://localhost:4318/v1/traces";

/** Options of {@link otlp}; each wins over its `OTEL_EXPORTER_OTLP_*` variable. */
export interface OtlpOptions extends ExportOptions {
  /**
   * The collector's base URL; `/v1/traces` is appended unless the path
   * already ends with it. Like `OTEL_EXPORTER_OTLP_ENDPOINT`.
   */
  readonly endpoint?: string | undefined;
  /** Headers of every export request, such as an API key; merged over `OTEL_EXPORTER_OTLP_HEADERS`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The most one batch export may take, retries included; capped by the flush deadline. Default 10000. */
  readonly timeoutMs?: number | undefined;
  /** `"gzip"` (where the runtime has `CompressionStream`) or `"none"` (default). */
  readonly compression?: Compression | undefined;
  /** The `fetch` export requests use. Default: the global one, never traced. */
  readonly fetch?: typeof fetch | undefined;
  /** Also export `trace.log` records: `otlpLogs()` from `edge-trace/logs`. */
  readonly logs?: Signal | undefined;
  /** Also export HTTP request metrics: `httpMetrics()` from `edge-trace/metrics`. */
  readonly metrics?: Signal | undefined;
}

/**
 * OTLP/HTTP JSON export. With no options it is configured at run time by
 * the standard variables, read from the adapter's environment (a Worker's
 * `env`, `process.env`, `Deno.env`): `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`,
 * `_HEADERS`, `_TIMEOUT`, `_COMPRESSION`, `OTEL_SERVICE_NAME`,
 * `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER(_ARG)`, `OTEL_BSP_*` and
 * `OTEL_SDK_DISABLED`. Without an endpoint it sends to
 * `http://localhost:4318/v1/traces`. Logs and metrics go to the same
 * collector, on the same flushes, when their signals are passed in.
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
  return {
    setup(env, hints) {
      let recorder = setupRecorder(options, env, hints, (settings, report) =>
        createOtlpExporter({
          ...settings,
          url: endpointUrl(options.endpoint, report) ?? settings.url ?? DEFAULT_OTLP_URL,
          giveUpOn: hints.giveUpOn,
          report,
        }),
      );
      // Logs and metrics are imported signals: each adds its hook and joins the flushes.
      for (const signal of [options.logs, options.metrics]) {
        if (recorder && signal) recorder = signal(recorder, { env, hints, options });
      }
      return recorder;
    },
  };
}
