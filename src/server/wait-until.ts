/**
 * Flushing in a runtime's `waitUntil` (every Workers entry: `withTrace`,
 * `withTraceClass`, Hono's `tracing()` in a Worker; and any runtime that
 * lets work run on after the response): the promises user code hands to
 * `waitUntil` are tracked, and the flush runs after them, so spans that
 * work ends go out too and the response is never held up. Between the two,
 * the caller's `idle` step may end what is still open (`bindingSpans()`:
 * bodies nobody read). It arrives with the recorder (`SPAN_RECORDING`):
 * with nothing to flush, nothing is tracked.
 * @module
 */
import type { Recorder } from "../trace/recorder.js";
import type { WaitUntilContext, WaitUntilFlush } from "../trace/wait-until-context.js";

/**
 * How long `waitUntil` work may run after the response.
 * @see https://developers.cloudflare.com/workers/runtime-apis/context/#waituntil
 */
export const WAIT_UNTIL_MS = 30_000;
const WAIT_UNTIL_MARGIN_MS = 1_000;

/**
 * One request's export may take this long (the default export timeout),
 * not the whole 30 s waitUntil window: with a collector that is down, long
 * flushes keep every request's waitUntil (and its memory) alive. What does
 * not go out stays buffered, bounded, for the next flush. Shorter budgets
 * fail healthy exports under load.
 */
export const FLUSH_BUDGET_MS = 10_000;

/**
 * @param recorder - whose spans to flush; concurrent requests share one
 *   export (the recorder's `flushShared`).
 * @param ctx - the runtime's own context (never a view of it).
 * @returns the tracked `waitUntil` for user code, and the flush to call once the invocation ended.
 */
export function waitUntilFlush(recorder: Recorder, ctx: WaitUntilContext): WaitUntilFlush {
  const pending = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>): void => {
    ctx.waitUntil(promise);
    const tracked: Promise<unknown> = Promise.resolve(promise).then(
      () => pending.delete(tracked),
      () => pending.delete(tracked),
    );
    pending.add(tracked);
  };
  const settled = async (): Promise<void> => {
    // Work started inside waitUntil work may add more: loop until quiet.
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  const flush = (idle?: () => unknown): void => {
    // waitUntil work may run for 30 s after the response; the user's work counts against that.
    const deadline = Date.now() + WAIT_UNTIL_MS - WAIT_UNTIL_MARGIN_MS;
    const flushed = settled()
      .then(idle)
      .then(() => recorder.flushShared(Math.min(deadline, Date.now() + FLUSH_BUDGET_MS)))
      .catch(() => {});
    try {
      ctx.waitUntil(flushed);
    } catch {
      // A context without waitUntil (a test double): the flush still runs.
    }
  };
  return { waitUntil, flush };
}
