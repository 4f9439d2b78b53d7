/**
 * The counters the load test's upstream and sink keep (bench/load/upstream-main.ts).
 * @module
 */

/** Requests seen since the last reset. */
export interface UpstreamStats {
  /** Requests to the upstream (everything but the sink and the control routes). */
  upstream: number;
  /** Upstream requests that carried a `traceparent`: propagation reached it. */
  traced: number;
  /** OTLP export requests to the sink (traces, logs and metrics). */
  exports: number;
  exportBytes: number;
}

/** @returns zeroed counters. */
export function emptyStats(): UpstreamStats {
  return { upstream: 0, traced: 0, exports: 0, exportBytes: 0 };
}
