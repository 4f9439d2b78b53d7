/**
 * The per-request view of `ctx`: it records the user's `waitUntil`
 * promises (still handing each to the runtime at once), so the span flush
 * can run after them. `ctx` itself is never modified; every other member
 * (`passThroughOnException`, `props`, `exports`, ...) passes through.
 * @module
 */
import type { Tracer } from "../trace/tracer.js";
import type { ExecutionContextLike } from "./platform.js";
import { createView } from "./view.js";

/**
 * How long `waitUntil` work may run after the response.
 * @see https://developers.cloudflare.com/workers/runtime-apis/context/#waituntil
 */
export const WAIT_UNTIL_MS = 30_000;
const WAIT_UNTIL_MARGIN_MS = 1_000;

/** A `ctx` view and the promises handed to its `waitUntil`. */
export interface TrackedContext<C extends ExecutionContextLike> {
  readonly ctx: C;
  /** Resolves when every promise given to `waitUntil` so far, and any added meanwhile, settled. */
  settled(): Promise<void>;
}

/**
 * @param ctx - the handler's `ExecutionContext` (or a Durable Object's state).
 * @returns the view to hand to user code, and a way to wait for its work.
 */
export function trackWaitUntil<C extends ExecutionContextLike>(ctx: C): TrackedContext<C> {
  if (typeof ctx !== "object" || ctx === null) return { ctx, settled: () => Promise.resolve() };
  const pending = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>): void => {
    // The runtime gets the promise as it is: its errors are the user's to see.
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
  return { ctx: createView(ctx, { waitUntil: () => waitUntil }), settled };
}

/**
 * One request's export may take this long (the default export timeout),
 * not the whole 30 s waitUntil window: with a collector that is down, long
 * flushes keep every request's waitUntil (and its memory) alive. What does
 * not go out stays buffered, bounded, for the next flush. Shorter budgets
 * fail healthy exports under load.
 */
const FLUSH_BUDGET_MS = 10_000;

/**
 * Flushes the tracer's spans in `ctx.waitUntil`, after the user's own
 * `waitUntil` work settled, so the response is never held up and spans
 * ended by that work are included; concurrent requests share one export
 * ({@link flushShared}). Never rejects.
 * @param ctx - the real `ctx` (not the view).
 * @param tracked - the view whose work to wait for.
 * @param tracer - whose sink to flush.
 */
export function flushAfter(
  ctx: ExecutionContextLike,
  tracked: TrackedContext<ExecutionContextLike>,
  tracer: Tracer,
): void {
  // Propagation only: nothing to flush, and a waitUntil per request is not free.
  const recorder = tracer.recorder;
  if (!recorder) return;
  // waitUntil work may run for 30 s after the response; the user's work counts against that.
  const deadline = Date.now() + WAIT_UNTIL_MS - WAIT_UNTIL_MARGIN_MS;
  const flush = tracked
    .settled()
    .then(() => recorder.flushShared(Math.min(deadline, Date.now() + FLUSH_BUDGET_MS)))
    .catch(() => {});
  try {
    ctx.waitUntil(flush);
  } catch {
    // A context without waitUntil (a test double): the flush still runs.
  }
}
