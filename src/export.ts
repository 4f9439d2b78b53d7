/**
 * `edge-trace/export`: exporters besides OTLP, and the types an exporter
 * author needs. Each plugs into the same `exporter` option as `otlp()`.
 *
 * @example
 * import { withTrace } from "edge-trace/fetch";
 * import { consoleExporter } from "edge-trace/export";
 *
 * Deno.serve(withTrace(handler, { exporter: consoleExporter() }));
 * @module
 */
import { type ConsoleExporterOptions, createConsoleExporter } from "./export/console-exporter.js";
import type { ExportFunction } from "./export/export-function.js";
import { type ExportOptions, setupRecorder } from "./export/recorder-setup.js";
import type { Exporter } from "./trace/recorder.js";

export type { ConsoleExporterOptions } from "./export/console-exporter.js";
export type { DiagnosticEvent, OnError } from "./export/diagnostics.js";
export type { ExportContext, ExportFunction } from "./export/export-function.js";
export type { SpanLimits } from "./export/limits.js";
export type { ExportOptions } from "./export/recorder-setup.js";
export type { EnvRecord } from "./trace/env-record.js";
export type { Exporter, RuntimeHints } from "./trace/recorder.js";
export type {
  Attributes,
  AttributeValue,
  FinishedSpan,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanSink,
  SpanStatus,
} from "./trace/span-data.js";

/**
 * Prints finished spans for local development: a tree per trace (default)
 * or one line per span.
 * @param options - the writer and format, and the batching options.
 * @returns the exporter, for any adapter's `exporter` option.
 * @example
 * withTrace(handler, { exporter: consoleExporter({ format: "line" }) });
 */
export function consoleExporter(options: ConsoleExporterOptions & ExportOptions = {}): Exporter {
  return exportSpans(createConsoleExporter(options), options);
}

/**
 * Sends finished spans to your own function, batched and bounded like
 * OTLP export; `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_TRACES_SAMPLER` and `OTEL_BSP_*` still apply.
 * @param send - receives each batch; a rejection is reported through `onError`, never thrown.
 * @param options - batching, resource and limits.
 * @returns the exporter, for any adapter's `exporter` option.
 * @example
 * withTrace(handler, { exporter: exportSpans(async (spans) => { await env.SPANS.send(spans); }) });
 */
export function exportSpans(send: ExportFunction, options: ExportOptions = {}): Exporter {
  return { setup: (env, hints) => setupRecorder(options, env, hints, () => send) };
}
