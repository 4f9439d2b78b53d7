/**
 * `edge-trace/logs`: export `trace.log` records as OpenTelemetry logs, tied
 * to their trace and span, on the same flushes as the spans. Imported only
 * by those who want it: `otlp()` bundles none of this.
 *
 * @example
 * import { withTrace } from "edge-trace/workers";
 * import { otlp } from "edge-trace/otlp";
 * import { otlpLogs } from "edge-trace/logs";
 *
 * export default withTrace(
 *   { async fetch(request, env, ctx, trace) { trace.log.info("hello", { user: 42 }); return new Response("ok"); } },
 *   { exporter: otlp({ logs: otlpLogs() }) },
 * );
 * @module
 */

export type { Signal, SignalContext, SignalOptions } from "./export/signal.js";
export type { OtlpLogRecord } from "./logs/log-record.js";
export { type OtlpLogsOptions, otlpLogs } from "./logs/otlp-logs.js";
