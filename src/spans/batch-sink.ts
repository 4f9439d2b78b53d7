/**
 * The batching span sink: a bounded buffer that exports in batches when
 * flushed, and (opt-in, for long-running servers) on a timer and when a
 * batch fills up.
 * @see https://opentelemetry.io/docs/specs/otel/trace/sdk/#batching-processor
 * @module
 */
import { budget, unrefTimer } from "./deadline.js";
import { createReporter, type Report } from "./diagnostics.js";
import type { ExportFunction } from "./exporter.js";
import type { Attributes, FinishedSpan, SpanSink } from "./types.js";

/** Options of {@link BatchSink}. */
export interface BatchSinkOptions {
  readonly exporter: ExportFunction;
  /** Handed to the exporter with every batch. */
  readonly resource?: Attributes | undefined;
  /** Spans buffered at most; more are dropped and counted. Default 2048. */
  readonly maxQueueSize?: number | undefined;
  /** Spans per export. Default 512. */
  readonly maxExportBatchSize?: number | undefined;
  /** Export every this many ms, and as soon as a batch is full. Default 0: only on `flush`. */
  readonly scheduledDelayMs?: number | undefined;
  /** The deadline of a flush that was given none. Default 30000 ms. */
  readonly flushTimeoutMs?: number | undefined;
  readonly report?: Report | undefined;
}

/** Counters since the sink was created. */
export interface BatchSinkStats {
  readonly queued: number;
  readonly dropped: number;
  readonly exported: number;
  readonly failed: number;
}

/** How {@link BatchSink.flush} treats other flushes. */
export interface FlushOptions {
  /** Also wait, within the deadline, for batches other flushes have in flight. Default true. */
  readonly joinOthers?: boolean | undefined;
}

/**
 * A {@link SpanSink} that buffers and exports in batches (defaults as
 * OpenTelemetry's batch span processor). `flush` never rejects and resolves
 * by its deadline; concurrent flushes take separate batches from the one
 * buffer and each also waits (within its own deadline) for the batches the
 * others have in flight.
 * @example
 * const sink = new BatchSink({ exporter: async (spans) => { await queue.send(spans); } });
 * ctx.waitUntil(sink.flush(Date.now() + 5000));
 */
export class BatchSink implements SpanSink {
  readonly #options: BatchSinkOptions;
  readonly #report: Report;
  readonly #maxQueueSize: number;
  readonly #inFlight = new Set<Promise<void>>();
  #queue: FinishedSpan[] = [];
  #stats = { dropped: 0, exported: 0, failed: 0 };
  #unreportedDrops = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDue = 0;
  #flushing = 0;
  /** The timer's period; 0 once shut down. */
  #delayMs: number;
  /** Spans per export. */
  readonly batchSize: number;

  constructor(options: BatchSinkOptions) {
    this.#options = options;
    this.#report = createReporter(options.report);
    this.#maxQueueSize = positive(options.maxQueueSize, 2048);
    this.batchSize = Math.min(positive(options.maxExportBatchSize, 512), this.#maxQueueSize);
    this.#delayMs = Math.max(0, options.scheduledDelayMs ?? 0);
  }

  /** Spans waiting to be exported. */
  get size(): number {
    return this.#queue.length;
  }

  /** Exports started and not yet settled. */
  get exporting(): number {
    return this.#inFlight.size;
  }

  /** @returns counters, for health checks and tests. */
  stats(): BatchSinkStats {
    return { queued: this.#queue.length, ...this.#stats };
  }

  /** Buffers a span; drops and counts it when the buffer is full. Never throws, never blocks. */
  onEnd(span: FinishedSpan): void {
    if (this.#queue.push(span) > this.#maxQueueSize) {
      this.#queue.pop();
      this.#stats.dropped++;
      this.#unreportedDrops++;
    } else this.#schedule(this.#queue.length >= this.batchSize);
  }

  /**
   * Exports everything buffered when called, in batches.
   * @param deadline - epoch ms; in-flight requests are aborted then. Default: 30 s from now.
   * @param options - `joinOthers: false` skips waiting for batches other flushes have in
   *   flight (Workers: those run in another request's context).
   * @returns a promise that resolves (never rejects) when all is sent or the deadline passes.
   */
  async flush(deadline?: number, options?: FlushOptions): Promise<void> {
    const end = Number.isFinite(deadline)
      ? deadline!
      : Date.now() + positive(this.#options.flushTimeoutMs, 30_000);
    if (this.#unreportedDrops > 0) {
      this.#report({ type: "spans-dropped", count: this.#unreportedDrops, reason: "queue-full" });
      this.#unreportedDrops = 0;
    }
    const b = budget(end);
    this.#flushing++;
    try {
      // What is buffered now, not what arrives meanwhile: under steady load
      // that would keep one flush sending small batches back to back.
      for (let owed = this.#queue.length; owed > 0 && this.size > 0 && !b.signal.aborted; ) {
        const batch = this.#queue.splice(0, Math.min(owed, this.batchSize));
        owed -= batch.length;
        await Promise.race([this.#export(batch, end, b.signal), b.over]);
      }
      // Batches another flush (or the timer) has in flight were buffered too.
      if (options?.joinOthers !== false) await Promise.race([Promise.all(this.#inFlight), b.over]);
    } finally {
      this.#flushing--;
      b.end();
    }
    this.#schedule(false);
  }

  /**
   * Stops the timer and flushes; later spans wait for an explicit `flush`.
   * @param deadline - as for {@link flush}.
   * @returns the flush.
   */
  shutdown(deadline?: number): Promise<void> {
    this.#delayMs = 0;
    clearTimeout(this.#timer);
    return this.flush(deadline);
  }

  #export(batch: FinishedSpan[], deadline: number, signal: AbortSignal): Promise<void> {
    const stats = this.#stats;
    const n = batch.length;
    const { exporter, resource = {} } = this.#options;
    const done = (async () => {
      try {
        await exporter(batch, { deadline, signal, resource });
        stats.exported += n;
      } catch (error) {
        stats.failed += n;
        this.#report({ type: "export-failed", spanCount: n, error });
      }
    })();
    this.#inFlight.add(done);
    void done.then(() => this.#inFlight.delete(done));
    return done;
  }

  /** One timer at a time, when there is one and spans wait; a full batch brings it forward to now. */
  #schedule(now: boolean): void {
    const ms = now ? 0 : this.#delayMs;
    if (this.#delayMs === 0 || this.size === 0) return;
    if (this.#timer !== undefined) {
      if (Date.now() + ms >= this.#timerDue) return;
      clearTimeout(this.#timer);
    }
    this.#timerDue = Date.now() + ms;
    this.#timer = unrefTimer(
      setTimeout(() => {
        this.#timer = undefined;
        // A running flush keeps draining what arrives; a second one would only compete.
        if (this.#flushing === 0) void this.flush();
      }, ms),
    );
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value! >= 1 && value! < Infinity ? Math.floor(value!) : fallback;
}
