/**
 * Sends a signal on the span recorder's flushes. Every adapter flushes
 * through `recorder.sink.flush` (Workers in `waitUntil` by way of the
 * isolate's shared flush, Lambda before returning within the remaining
 * time, servers on the batch timer, on `flush()` and before exit), so a
 * signal that joins that call is sent on the same flushes, under the same
 * deadlines, with no change to any adapter. On long-running servers the
 * sink's one timer sends them too, armed by whichever signal records first.
 * @module
 */
import type { RecorderSink } from "../trace/recorder-sink.js";

/** What a signal exports on each flush. Never rejects. */
export type SignalFlush = (deadline: number) => Promise<void>;

/** A flush with no deadline gets this long, as the span sink's default. */
const DEFAULT_FLUSH_MS = 30_000;

/**
 * Exports in flight per signal, at most, as the span sink's shared flush
 * allows (`MAX_EXPORTS_IN_FLIGHT`): with a collector that hangs, each would
 * hold a Worker request's `waitUntil` until its deadline. Past it a flush
 * sends nothing and what is buffered waits for the next one (the log buffer
 * stays bounded; metrics keep aggregating).
 */
export const MAX_SIGNAL_EXPORTS_IN_FLIGHT = 2;

/**
 * @param flush - a signal's export.
 * @returns the same export, skipped while {@link MAX_SIGNAL_EXPORTS_IN_FLIGHT}
 *   others have not settled nor passed their deadlines (a Worker request cut
 *   short may leave its export unsettled for ever).
 */
export function boundedFlights(flush: SignalFlush): SignalFlush {
  let deadlines: number[] = [];
  return async function bounded(deadline) {
    const now = Date.now();
    deadlines = deadlines.filter((d) => d > now);
    if (deadlines.length >= MAX_SIGNAL_EXPORTS_IN_FLIGHT) return;
    deadlines.push(deadline);
    try {
      await flush(deadline);
    } finally {
      deadlines.splice(deadlines.indexOf(deadline), 1);
    }
  };
}

/**
 * Makes `sink.flush` also run `flush`, in parallel, under the same
 * deadline, and hands the signal the sink's timer: on long-running servers
 * one timer, every `scheduledDelayMs`, sends spans, logs and metrics
 * together (Workers and Lambda have none: they flush per invocation).
 * @param sink - the recorder's span sink (our own object, never the user's).
 * @param flush - the signal's export.
 * @returns `schedule`, for the signal to call when it recorded something.
 */
export function joinFlush(sink: RecorderSink, flush: SignalFlush): () => void {
  const flushSpans = sink.flush.bind(sink);
  (sink as { flush: RecorderSink["flush"] }).flush = (deadline, options) => {
    const end = Number.isFinite(deadline) ? (deadline as number) : Date.now() + DEFAULT_FLUSH_MS;
    return Promise.all([flushSpans(deadline, options), flush(end)]).then(() => undefined);
  };
  return sink.schedule;
}
