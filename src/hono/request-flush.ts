/**
 * How a request's spans are flushed, one way per runtime. On Workers (Hono
 * was given an `ExecutionContext`), the way every Workers entry flushes
 * (`withTrace`, `withTraceClass`): in `waitUntil`, after the work the
 * user hands `c.executionCtx.waitUntil`, sharing the isolate's export, by
 * the same deadline (`server/wait-until.ts`). Elsewhere the sink batches on
 * its timer, on `flush()` and before the process exits.
 * @module
 */
import type { Context, ExecutionContext } from "hono";
import { flushBeforeExit } from "../server/exit-flush.js";
import type { Settings } from "./settings.js";

/** What the middleware does with one request's flush. */
export interface RequestFlush {
  /** On Workers: keeps the runtime alive for `promise` (a streamed body's end) and the flush waiting for it. */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** Called once the request has ended; never throws. */
  readonly flush: () => void;
}

/**
 * @param settings - the request's tracer and options.
 * @param c - the request's context: on Workers, its `executionCtx` becomes the tracked view.
 * @param executionCtx - the runtime's own context, when there is one.
 * @returns the request's flush.
 */
export function requestFlush(
  settings: Settings,
  c: Context,
  executionCtx: ExecutionContext | undefined,
): RequestFlush {
  const recorder = settings.recorder;
  if (recorder && executionCtx) {
    const tracked = recorder.record.waitUntilFlush(recorder, executionCtx);
    // As `withTrace` hands the user a view of `ctx`: an own property of this
    // request's Context over Hono's getter; neither Hono's class nor the
    // runtime's context is modified.
    try {
      Object.defineProperty(c, "executionCtx", {
        value: new Proxy(executionCtx, {
          get(target, name) {
            if (name === "waitUntil") return tracked.waitUntil;
            const value: unknown = Reflect.get(target, name);
            // The runtime's methods check their receiver: call them on the real context.
            return typeof value === "function" ? value.bind(target) : value;
          },
        }),
      });
    } catch {
      // A context that refuses the property: the user's work is not waited for, but still runs.
    }
    return tracked;
  }
  // Propagation only (no recorder): nothing is buffered, nothing to flush.
  const onExit = recorder && settings.options.flushOnExit !== false;
  return { flush: () => onExit && flushBeforeExit(recorder.sink) };
}
