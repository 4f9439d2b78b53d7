/**
 * What the `bindings` option holds, in its own file: the Workers options
 * name it, and `bindingSpans()` (which needs the resolved options) builds
 * it, so neither imports the other. `R` is the resolved Workers tracer.
 * @module
 */
import type { Trace } from "../../trace/trace.js";
import type { TraceCacheStorage } from "../../trace/trace-caches.js";
import type { TraceSource } from "../binding-views.js";
import type { InvocationFlush } from "../ctx.js";
import type { ExecutionContextLike } from "../platform.js";

/** A `withTrace` handler's `email`, as the runtime calls it. */
export type EmailHandler = (message: unknown, env: unknown, ctx: ExecutionContextLike) => unknown;

/** What the `bindings` option takes: build it with {@link bindingSpans}. */
export interface BindingSpans<R = unknown> {
  /**
   * The view of one `env` binding whose calls record spans into the trace
   * `trace` returns at each call, or `binding` itself when it is of no
   * kind this records.
   */
  view(binding: object, name: string, trace: TraceSource): object;
  /** What `trace.caches` returns: a view of the global `caches`, never patched. */
  caches(trace: Trace): TraceCacheStorage;
  /**
   * A Durable Object's `ctx` whose `storage` records spans (`storage: true`),
   * or `ctx` itself.
   */
  durableContext<T extends object>(ctx: T, className: string, trace: TraceSource): T;
  /**
   * An invocation starts (a `withTrace` trigger, or any method of a
   * `withTraceClass` class that starts a server span): links its platform
   * trace and edge-trace's server span where the runtime allows, and,
   * when the trace records, returns the invocation's binding spans
   * (`undefined`: the bindings are left as they are).
   * @param ctx - the runtime's `ctx` (a class's own), where the platform's tracing is.
   * @param trace - the invocation's server span.
   * @param tracked - the invocation's tracked flush; `undefined` with no recorder.
   */
  start(
    ctx: unknown,
    trace: Trace,
    tracked?: InvocationFlush | undefined,
  ): BindingInvocation<R> | undefined;
  /** Runs a `withTrace` handler's `email` in a server span. */
  email(
    resolved: R,
    handler: EmailHandler,
    message: unknown,
    env: unknown,
    ctx: ExecutionContextLike,
  ): Promise<unknown>;
}

/**
 * One invocation's binding spans, and its flush: the one to run instead of
 * the tracked one, which, once the invocation's `waitUntil` work has
 * settled, ends the spans of the bodies left unread (see `invocation-bodies.ts`).
 */
export interface BindingInvocation<R = unknown> extends BindingSpans<R>, InvocationFlush {}
