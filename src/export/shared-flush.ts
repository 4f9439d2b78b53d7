/**
 * Export batching across the requests of one isolate (Workers, and Hono
 * on Workers), where each request flushes in its own `waitUntil`. An isolate serves
 * many requests at once, and an OTLP POST per request costs more CPU than
 * a small request itself. So the first request to finish leads: in its own
 * `waitUntil` it lingers briefly, then exports everything the isolate
 * buffered meanwhile. Requests finishing while a leader lingers are done at
 * once; their spans ride in the leader's POST. No request ever waits on
 * another's promise: workerd ties I/O to the request that started it.
 * @module
 */
import type { BatchSink } from "./batch-sink.js";

/** How long a leader waits for other requests' spans to join its export. */
export const LINGER_MS = 100;

/**
 * Exports in flight per isolate, at most. With a collector that is down,
 * each retries until its deadline; more of them would only hold more
 * requests (and their memory) alive while the bounded buffer drops and
 * counts what does not fit.
 */
export const MAX_EXPORTS_IN_FLIGHT = 2;

/**
 * Flushes `sink` by a deadline, sharing one export with the isolate's other
 * requests. One per recorder, so one per sink.
 * @param sink - the recorder's sink.
 * @returns the recorder's `flushShared`: given a deadline (epoch ms), it
 *   resolves when this request's part is done, and never rejects.
 */
export function sharedFlush(sink: BatchSink): (deadline: number) => Promise<void> {
  /** Until when (epoch ms) the current leader holds the lead; 0 when none does. */
  let leaderUntil = 0;
  return async (deadline) => {
    // A leader that outlived its deadline (its request was cut short) leads no more.
    if (leaderUntil > Date.now()) return;
    leaderUntil = deadline;
    // Sleeps LINGER_MS, or less when the deadline comes first.
    const pause = () =>
      new Promise((resolve) => setTimeout(resolve, Math.min(LINGER_MS, deadline - Date.now())));
    try {
      if (sink.size < sink.batchSize) await pause();
      // Polled, not awaited: the exports in flight belong to other requests.
      while (sink.exporting >= MAX_EXPORTS_IN_FLIGHT && Date.now() < deadline) await pause();
    } finally {
      // Spans that end from now on get a leader of their own.
      leaderUntil = 0;
    }
    await sink.flush(deadline, { joinOthers: false });
  };
}
