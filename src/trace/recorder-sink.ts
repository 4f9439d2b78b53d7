/**
 * The recorder's batching sink as adapters and signals see it: flushed per
 * invocation or on its timer, joined by logs and metrics.
 * @module
 */
import type { SpanSink } from "./span-data.js";

/**
 * The recorder's sink as adapters and signals use it: a `BatchSink`
 * (`src/export/batch-sink.ts`), named here by what it offers.
 */
export interface RecorderSink extends SpanSink {
  /** Spans per export. */
  readonly batchSize: number;
  /**
   * @param deadline - epoch ms; in-flight requests are aborted then. Default: 30 s from now.
   * @param options - whether to wait for batches other flushes have in flight.
   */
  flush(deadline?: number, options?: FlushOptions): Promise<void>;
  /**
   * Arms the sink's timer for what another signal recorded (long-running
   * servers: one timer sends spans, logs and metrics); a no-op without one.
   */
  readonly schedule: () => void;
}

/** How a sink's `flush` treats other flushes. */
export interface FlushOptions {
  /** Also wait, within the deadline, for batches other flushes have in flight. Default true. */
  readonly joinOthers?: boolean | undefined;
}
