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
  /** Keeps the runtime alive for `promise` (a streamed body's end) and the flush waiting for it. */
  readonly waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  /** Called once the request has ended; never throws. */
  readonly done: () => void;
}

const NOTHING: RequestFlush = { waitUntil: undefined, done: () => {} };

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
  // Propagation only: nothing is buffered, nothing to flush or track.
  if (!recorder) return NOTHING;
  if (!executionCtx) {
    const sink = recorder.sink;
    const onExit = settings.options.flushOnExit !== false;
    return { waitUntil: undefined, done: () => onExit && flushBeforeExit(sink) };
  }
  const tracked = recorder.record.waitUntil(recorder, executionCtx);
  trackUserWork(c, executionCtx, tracked.waitUntil);
  return { waitUntil: tracked.waitUntil, done: tracked.flush };
}

/**
 * Makes `c.executionCtx` of this request a view whose `waitUntil` is the
 * tracked one, as `withTrace` hands the user a view of `ctx`. An own
 * property of this request's `Context` over Hono's getter: neither Hono's
 * class nor the runtime's context is modified.
 */
function trackUserWork(
  c: Context,
  executionCtx: ExecutionContext,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  const view = new Proxy(executionCtx, {
    get(target, name) {
      if (name === "waitUntil") return waitUntil;
      const value: unknown = Reflect.get(target, name);
      // The runtime's methods check their receiver: call them on the real context.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  try {
    Object.defineProperty(c, "executionCtx", { value: view, configurable: true });
  } catch {
    // A context that refuses the property: the user's work is not waited for, but still runs.
  }
}
