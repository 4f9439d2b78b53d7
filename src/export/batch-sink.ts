/**
 * The batching span sink: a bounded buffer that exports in batches when
 * flushed, and (opt-in, for long-running servers) on a timer and when a
 * batch fills up.
 * @see https://opentelemetry.io/docs/specs/otel/trace/sdk/#batching-processor
 * @module
 */

import type { FlushOptions, RecorderSink } from "../trace/recorder-sink.js";
import type { Attributes, FinishedSpan } from "../trace/span-data.js";
import { budget, unrefTimer } from "./deadline.js";
import { createReporter, type Report } from "./diagnostics.js";
import type { ExportFunction } from "./export-function.js";

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

/**
 * A span sink that buffers and exports in batches (defaults as
 * OpenTelemetry's batch span processor). `flush` never rejects and resolves
 * by its deadline; concurrent flushes take separate batches from the one
 * buffer and each also waits (within its own deadline) for the batches the
 * others have in flight. Its methods are closures over the constructor's
 * state (bound, so they may be passed around), which minify smaller than
 * private fields.
 * @example
 * const sink = new BatchSink({ exporter: async (spans) => { await queue.send(spans); } });
 * ctx.waitUntil(sink.flush(Date.now() + 5000));
 */
export class BatchSink implements RecorderSink {
  readonly #queue: FinishedSpan[] = [];
  /** Exports started and not settled, with the deadline each was given. */
  readonly #inFlight = new Map<Promise<void>, number>();
  /** Spans per export. */
  declare readonly batchSize: number;
  /** Buffers a span; drops and counts it when the buffer is full. Never throws, never blocks. */
  declare readonly onEnd: (span: FinishedSpan) => void;
  /**
   * Exports everything buffered when called, in batches.
   * @param deadline - epoch ms; in-flight requests are aborted then. Default: 30 s from now.
   * @param options - `joinOthers: false` skips waiting for batches other flushes have in
   *   flight (Workers: those run in another request's context).
   * @returns a promise that resolves (never rejects) when all is sent or the deadline passes.
   */
  declare readonly flush: (deadline?: number, options?: FlushOptions) => Promise<void>;
  /** Stops the timer and flushes; later spans wait for an explicit `flush`. */
  declare readonly shutdown: (deadline?: number) => Promise<void>;
  /**
   * Another signal joined to {@link flush} (logs, metrics) recorded
   * something: arms the one timer that sends all three, where there is one.
   */
  declare readonly schedule: () => void;
  /** Counters, for health checks and tests. */
  declare readonly stats: () => BatchSinkStats;

  constructor(options: BatchSinkOptions) {
    const { exporter, resource = {} } = options;
    const queue = this.#queue;
    const inFlight = this.#inFlight;
    const report = createReporter(options.report);
    const maxQueueSize = positive(options.maxQueueSize, 2048);
    const batchSize = Math.min(positive(options.maxExportBatchSize, 512), maxQueueSize);
    const counts = { dropped: 0, exported: 0, failed: 0 };
    let delayMs = Math.max(0, options.scheduledDelayMs ?? 0);
    let unreportedDrops = 0;
    let flushing = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timerDue = 0;
    /** Whether a joined signal has records waiting for the timer. */
    let othersWaiting = false;

    const send = (batch: FinishedSpan[], deadline: number, signal: AbortSignal) => {
      const n = batch.length;
      const done = (async () => {
        try {
          await exporter(batch, { deadline, signal, resource });
          counts.exported += n;
        } catch (error) {
          counts.failed += n;
          report({ type: "export-failed", spanCount: n, error });
        }
      })();
      inFlight.set(done, deadline);
      void done.then(() => inFlight.delete(done));
      return done;
    };

    /**
     * One timer at a time, when there is one and spans (or a joined signal's
     * records) wait; a full batch brings it forward. It fires `this.flush`,
     * which joined signals extend: one timer sends all three.
     */
    const schedule = (now?: boolean): void => {
      const due = Date.now() + (now ? 0 : delayMs);
      const idle = !queue.length && !othersWaiting;
      if (!delayMs || idle || (timer !== undefined && due >= timerDue)) return;
      // `!`: Workers' clearTimeout takes `number | null`; undefined is a no-op anyway.
      clearTimeout(timer!);
      timerDue = due;
      timer = unrefTimer(
        setTimeout(() => {
          timer = undefined;
          // A running flush keeps draining what arrives; a second one would only
          // compete. What it did not take re-arms the timer when it ends.
          if (flushing) return;
          othersWaiting = false;
          void this.flush();
        }, due - Date.now()),
      );
    };

    const flush = async (deadline?: number, flushOptions?: FlushOptions): Promise<void> => {
      const end = Number.isFinite(deadline)
        ? deadline!
        : Date.now() + positive(options.flushTimeoutMs, 30_000);
      if (unreportedDrops) {
        report({ type: "spans-dropped", count: unreportedDrops, reason: "queue-full" });
        unreportedDrops = 0;
      }
      const { signal, over, end: release } = budget(end);
      flushing++;
      try {
        // What is buffered now, not what arrives meanwhile: under steady load
        // that would keep one flush sending small batches back to back.
        for (let owed = queue.length; owed > 0 && queue.length && !signal.aborted; ) {
          const batch = queue.splice(0, Math.min(owed, batchSize));
          owed -= batch.length;
          await Promise.race([send(batch, end, signal), over]);
        }
        // Batches another flush (or the timer) has in flight were buffered too.
        if (flushOptions?.joinOthers !== false)
          await Promise.race([Promise.all(inFlight.keys()), over]);
      } finally {
        flushing--;
        release();
      }
      schedule();
    };

    this.batchSize = batchSize;
    this.flush = flush;
    this.onEnd = (span) => {
      if (queue.push(span) > maxQueueSize) {
        queue.pop();
        counts.dropped++;
        unreportedDrops++;
      } else schedule(queue.length >= batchSize);
    };
    this.shutdown = (deadline) => {
      delayMs = 0;
      clearTimeout(timer!);
      return flush(deadline);
    };
    this.schedule = () => {
      othersWaiting = true;
      schedule();
    };
    this.stats = () => ({ queued: queue.length, ...counts });
  }

  /** Spans waiting to be exported. */
  get size(): number {
    return this.#queue.length;
  }

  /**
   * Exports started, not settled, and not past their deadline. One past it
   * was given up on (the exporter was told to stop by then); in workerd it
   * may never settle at all, once the request whose `waitUntil` started it
   * has ended, and counting it would block the isolate's exports for good.
   */
  get exporting(): number {
    const now = Date.now();
    let running = 0;
    for (const [done, deadline] of this.#inFlight) {
      if (deadline > now) running++;
      else this.#inFlight.delete(done);
    }
    return running;
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value! >= 1 && value! < Infinity ? Math.floor(value!) : fallback;
}
