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
