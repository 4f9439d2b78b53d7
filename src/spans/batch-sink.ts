/**
 * The batching span sink: a bounded buffer that exports in batches when
 * flushed, and (opt-in, for long-running servers) on a timer and when a
 * batch fills up.
 * @see https://opentelemetry.io/docs/specs/otel/trace/sdk/#batching-processor
 * @module
 */
import { deadlineSignal, unrefTimer, untilSettledOrAborted } from "./deadline.js";
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

/** The defaults, as OpenTelemetry's batch span processor. */
export const DEFAULT_BATCH = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMs: 5000,
  flushTimeoutMs: 30_000,
} as const;

/**
 * A {@link SpanSink} that buffers and exports in batches. `flush` never
 * rejects and resolves by its deadline; concurrent flushes take separate
 * batches from the one buffer and each also waits (within its own
 * deadline) for the batches the others have in flight.
 * @example
 * const sink = new BatchSink({ exporter: createOtlpExporter({ url }) });
 * ctx.waitUntil(sink.flush(Date.now() + 5000));
 */
export class BatchSink implements SpanSink {
  readonly #exporter: ExportFunction;
  readonly #resource: Attributes;
  readonly #maxQueueSize: number;
  readonly #batchSize: number;
  readonly #delayMs: number;
  readonly #flushTimeoutMs: number;
  readonly #report: Report;
  readonly #inFlight = new Set<Promise<void>>();
  #queue: FinishedSpan[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerImmediate = false;
  #flushing = 0;
  #unreportedDrops = 0;
  #stats = { dropped: 0, exported: 0, failed: 0 };
  #shutDown = false;

  constructor(options: BatchSinkOptions) {
    this.#exporter = options.exporter;
    this.#resource = options.resource ?? {};
    this.#maxQueueSize = positive(options.maxQueueSize, DEFAULT_BATCH.maxQueueSize);
    const batch = positive(options.maxExportBatchSize, DEFAULT_BATCH.maxExportBatchSize);
    this.#batchSize = Math.min(batch, this.#maxQueueSize);
    this.#delayMs = Math.max(0, options.scheduledDelayMs ?? 0);
    this.#flushTimeoutMs = positive(options.flushTimeoutMs, DEFAULT_BATCH.flushTimeoutMs);
    this.#report = createReporter(options.report);
  }

  /** Spans waiting to be exported. */
  get size(): number {
    return this.#queue.length;
  }

  /** Spans per export. */
  get batchSize(): number {
    return this.#batchSize;
  }

  /** Exports started and not yet settled. */
  get exporting(): number {
    return this.#inFlight.size;
  }

  /** Counters, for health checks and tests. */
  stats(): BatchSinkStats {
    return { queued: this.#queue.length, ...this.#stats };
  }

  /** Buffers a span; drops and counts it when the buffer is full. Never throws, never blocks. */
  onEnd(span: FinishedSpan): void {
    if (this.#queue.length >= this.#maxQueueSize) {
      this.#stats.dropped++;
      this.#unreportedDrops++;
      return;
    }
    this.#queue.push(span);
    if (this.#delayMs > 0 && !this.#shutDown) {
      this.#schedule(this.#queue.length >= this.#batchSize ? 0 : this.#delayMs);
    }
  }

  /**
   * Exports everything buffered when called, in batches.
   * @param deadline - epoch ms; in-flight requests are aborted then. Default: 30 s from now.
   * @param options - `joinOthers: false` skips waiting for batches other flushes have in
   *   flight (Workers: those run in another request's context).
   * @returns a promise that resolves (never rejects) when all is sent or the deadline passes.
   */
  async flush(deadline?: number, options: FlushOptions = {}): Promise<void> {
    const end = Number.isFinite(deadline) ? deadline! : Date.now() + this.#flushTimeoutMs;
    this.#reportDrops();
    const budget = deadlineSignal(end);
    this.#flushing++;
    try {
      // What is buffered now, not what arrives meanwhile: under steady load
      // that would keep one flush sending small batches back to back.
      let owed = this.#queue.length;
      while (owed > 0 && this.#queue.length > 0 && !budget.signal.aborted) {
        const batch = this.#queue.splice(0, Math.min(owed, this.#batchSize));
        owed -= batch.length;
        await untilSettledOrAborted(this.#export(batch, end, budget.signal), budget.signal);
      }
      // Batches another flush (or the timer) has in flight were buffered too.
      if (options.joinOthers !== false && this.#inFlight.size > 0) {
        await untilSettledOrAborted(Promise.all(this.#inFlight), budget.signal);
      }
    } finally {
      this.#flushing--;
      budget.dispose();
    }
    if (this.#queue.length > 0 && this.#delayMs > 0 && !this.#shutDown) {
      this.#schedule(this.#delayMs);
    }
  }

  /** Stops the timer and flushes; later spans wait for an explicit `flush`. */
  shutdown(deadline?: number): Promise<void> {
    this.#shutDown = true;
    this.#cancelTimer();
    return this.flush(deadline);
  }

  #export(batch: FinishedSpan[], deadline: number, signal: AbortSignal): Promise<void> {
    const done = (async () => {
      try {
        await this.#exporter(batch, { deadline, signal, resource: this.#resource });
        this.#stats.exported += batch.length;
      } catch (error) {
        this.#stats.failed += batch.length;
        this.#report({ type: "export-failed", spanCount: batch.length, error });
      }
    })();
    this.#inFlight.add(done);
    void done.then(() => this.#inFlight.delete(done));
    return done;
  }

  #reportDrops(): void {
    if (this.#unreportedDrops === 0) return;
    const count = this.#unreportedDrops;
    this.#unreportedDrops = 0;
    this.#report({ type: "spans-dropped", count, reason: "queue-full" });
  }

  /** One timer at a time; a full batch brings it forward to now. */
  #schedule(ms: number): void {
    if (this.#timer !== undefined && (ms > 0 || this.#timerImmediate)) return;
    this.#cancelTimer();
    this.#timerImmediate = ms === 0;
    this.#timer = unrefTimer(
      setTimeout(() => {
        this.#timer = undefined;
        // A running flush keeps draining what arrives; a second one would only compete.
        if (this.#flushing === 0) void this.flush();
      }, ms),
    );
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
