/**
 * `edge-trace/metrics`: HTTP request-duration metrics for every request
 * served and every `trace.fetch`, sampled or not, exported with the spans,
 * and, opt-in, broken down by the caller's route. Imported only by those
 * who want it: `otlp()` bundles none of this.
 *
 * @example
 * import { withTrace } from "edge-trace/workers";
 * import { otlp } from "edge-trace/otlp";
 * import { httpMetrics } from "edge-trace/metrics";
 *
 * export default withTrace(handler, { exporter: otlp({ metrics: httpMetrics({ callerRoute: true }) }) });
 * @module
 */

export type { Signal, SignalContext, SignalOptions } from "./export/signal.js";
export {
  CALLER_ROUTE_ATTRIBUTE,
  CALLER_ROUTE_KEY,
  UNKNOWN_CALLER,
} from "./metrics/caller-route.js";
export { DEFAULT_CARDINALITY_LIMIT, DURATION_BUCKETS } from "./metrics/histogram.js";
export { type HttpMetricsOptions, httpMetrics } from "./metrics/http-metrics.js";
