/**
 * The per-invocation view of `ctx` when spans are recorded: its
 * `waitUntil` is tracked (each promise still handed to the runtime at
 * once), so the span flush can run after that work. `ctx` itself is never
 * modified; every other member (`passThroughOnException`, `props`,
 * `exports`, ...) passes through. Propagating only, the runtime's `ctx`
 * goes to user code as it is.
 * @module
 */
import type { Recorder } from "../trace/recorder.js";
import { isObject } from "./is-object.js";
import type { ExecutionContextLike } from "./platform.js";
import { createView } from "./view.js";

/** The flush to call once an invocation ended. */
export interface InvocationFlush {
  /**
   * Flushes in `ctx.waitUntil` after the user's own `waitUntil` work settled
   * and then `idle` (see `WaitUntilFlush`). Never throws.
   */
  readonly flush: (idle?: () => unknown) => void;
}

/** A `ctx` view for user code, and the flush to call once the invocation ended. */
export interface TrackedContext<C extends ExecutionContextLike> extends InvocationFlush {
  readonly ctx: C;
}

/**
 * @param ctx - the handler's `ExecutionContext` (or a Durable Object's state).
 * @param recorder - the tracer's recorder: it brings the tracking and the flush.
 * @returns the view to hand to user code, and the flush.
 */
export function trackWaitUntil<C extends ExecutionContextLike>(
  ctx: C,
  recorder: Recorder,
): TrackedContext<C> {
  const tracked = recorder.record.waitUntilFlush(recorder, ctx);
  // Not an object (a test double): nothing to view; the flush still runs.
  const view = isObject(ctx) ? createView(ctx, { waitUntil: () => tracked.waitUntil }) : ctx;
  return { ctx: view, flush: tracked.flush };
}
