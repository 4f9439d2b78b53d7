/**
 * The memory section's settings and result shape.
 * @module
 */

/** Prefixes the one stdout line that carries the child's report. */
export const MEMORY_MARKER = "EDGE_TRACE_MEMORY ";

/** The bound on heap growth: the span queue (2048 spans) plus one batch in flight fit well within it. */
export const HEAP_BOUND_BYTES = 8 * 2 ** 20;

/**
 * @param quick - the short run.
 * @returns how many requests go through the handler.
 */
export function memoryRequests(quick: boolean): number {
  return quick ? 10_000 : 100_000;
}

/**
 * workerd serves about 1,000 requests a second here, far fewer with the
 * collector down, so its run is timed rather than counted.
 * @param quick - the short run.
 * @returns seconds of load on the Worker in workerd.
 */
export function workerdMemorySeconds(quick: boolean): number {
  return quick ? 5 : 20;
}

/** One workerd run of the memory section: the Worker under load, from a warm-up on. */
export interface WorkerdRun {
  readonly requests: number;
  /** The Worker's V8 heap in bytes, after garbage collection: after the warm-up, after 10 % of the time, at the end. */
  readonly baselineHeap: number;
  readonly tenPercentHeap: number;
  readonly finalHeap: number;
  /** workerd's VmRSS in bytes at the end. */
  readonly finalRss: number;
  /** Connection errors and non-2xx responses (the collector being down must cause none). */
  readonly failedResponses: number;
  readonly seconds: number;
  readonly reqPerSec: number;
  readonly p99: number;
  /** workerd's CPU time per response, µs. */
  readonly cpuUsPerRequest: number;
}

/** The workerd runs, collector up and down. */
export interface WorkerdMemoryReport {
  readonly runtime: string;
  readonly up: WorkerdRun;
  readonly down: WorkerdRun;
  /** The most frequent lines workerd printed with the collector down, with counts. */
  readonly output: readonly string[];
}

/** Handler calls in flight at once. */
export const CONCURRENCY = 100;

/** What the child measured. */
export interface MemoryReport {
  readonly runtime: string;
  readonly requests: number;
  /** heapUsed after GC, bytes: before the first request, after 10 %, after the last. */
  readonly baselineHeap: number;
  readonly tenPercentHeap: number;
  readonly finalHeap: number;
  /** Resident set size at the same points, bytes. */
  readonly baselineRss: number;
  readonly finalRss: number;
  readonly boundBytes: number;
  /** Counted by the `onError` hook: `spans-dropped` and `export-failed` events. */
  readonly droppedSpans: number;
  readonly failedSpans: number;
  readonly failedExports: number;
  readonly seconds: number;
}
