/**
 * edge-trace for Cloudflare Workers: `withTrace` wraps a module Worker's
 * handler object, or a `WorkerEntrypoint` / `DurableObject` class, so that
 * every invocation continues (or starts) a trace, bindings that fetch
 * inject it, and spans are flushed in `ctx.waitUntil` after the response.
 * No compatibility flag is needed.
 * @module
 */
import { type EntrypointClass, traceClass } from "./workers/entrypoint.js";
import { unpatchedFetch } from "./workers/global-fetch.js";
import { type TracedHandler, traceHandler, type WorkersHandler } from "./workers/handler.js";
import { createResolver, type WorkersConfig, type WorkersTraceOptions } from "./workers/options.js";

export type { Trace } from "./spans/trace.js";
export { traceOf } from "./spans/trace-of.js";
export type { EntrypointClass } from "./workers/entrypoint.js";
export type { TracedHandler, WorkersHandler } from "./workers/handler.js";
export type { WorkersConfig, WorkersTraceOptions } from "./workers/options.js";
export type {
  ExecutionContextLike,
  MessageBatchLike,
  QueueMessageLike,
  ScheduledControllerLike,
} from "./workers/platform.js";
export type { QueueEnvelope } from "./workers/queue-envelope.js";
export { isRpcContext, type RpcContext, rpc, type TracedStub } from "./workers/rpc.js";

/**
 * Traces a Worker.
 *
 * With a handler object, returns a new object whose `fetch`, `scheduled`
 * and `queue` run in a span and receive the trace as a fourth argument
 * (`traceOf(request)` finds it too). With a `WorkerEntrypoint` or
 * `DurableObject` class, returns a subclass whose `fetch` and JS-RPC
 * methods run in a span, with `this.trace`.
 *
 * @param handler - the handler object or class; never modified.
 * @param options - options, or a function of `env` returning them; resolved
 *   once per `env` (per isolate).
 * @returns the traced handler, to `export default`.
 * @example
 * export default withTrace({
 *   async fetch(request, env: Env, ctx, trace) {
 *     return env.BACKEND.fetch(request); // injects traceparent
 *   },
 * });
 * @example
 * export const Counter = withTrace(class Counter extends DurableObject<Env> {
 *   declare readonly trace: Trace | undefined;
 *   async increment() { this.trace?.setAttribute("counter.step", 1); }
 * });
 */
export function withTrace<C extends EntrypointClass>(handler: C, options?: WorkersConfig<never>): C;
export function withTrace<E, H extends WorkersHandler<E>>(
  handler: H,
  options?: WorkersConfig<E>,
): TracedHandler<E, H>;
export function withTrace(
  handler: EntrypointClass | WorkersHandler<unknown>,
  options?: WorkersConfig<never>,
): EntrypointClass | TracedHandler<unknown, WorkersHandler<unknown>> {
  const resolve = createResolver(options as WorkersConfig<unknown> | undefined, tracerFetch);
  if (typeof handler === "function") return traceClass(handler, resolve);
  return traceHandler(handler, resolve);
}

// With the global fetch patch on, the tracer's own `trace.fetch` must
// call the original `fetch`, or each call would be recorded twice.
function tracerFetch(options: WorkersTraceOptions): WorkersTraceOptions {
  if (!options.instrumentGlobalFetch || options.fetch) return options;
  return { ...options, fetch: unpatchedFetch };
}
