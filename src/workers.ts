/**
 * edge-trace for Cloudflare Workers: `withTrace` wraps a module Worker's
 * handler object, `withTraceClass` a `WorkerEntrypoint` or `DurableObject` class, so that
 * every invocation continues (or starts) a trace, bindings that fetch
 * inject it, and spans are flushed in `ctx.waitUntil` after the response.
 * No compatibility flag is needed.
 * @module
 */
import { type EntrypointClass, traceClass } from "./workers/entrypoint.js";
import { type TracedWorkersHandler, traceHandler, type WorkersHandler } from "./workers/handler.js";
import { createResolver, type WorkersConfig } from "./workers/options.js";
import type { ExecutionContextLike, WorkersExecutionContext } from "./workers/platform.js";

export type { Trace } from "./trace/trace.js";
export type { TraceCache, TraceCacheStorage } from "./trace/trace-caches.js";
export { traceOf } from "./trace/trace-of.js";
export type { AsyncLocalStorageClass } from "./workers/async-local-storage.js";
export {
  type BindingSpanOptions,
  type BindingSpans,
  bindingSpans,
} from "./workers/binding-spans/binding-spans.js";
export type { EntrypointClass } from "./workers/entrypoint.js";
export { type GlobalFetch, tracedGlobalFetch } from "./workers/global-fetch.js";
export type {
  EmailMessageLike,
  TracedWorkersHandler,
  WorkersHandler,
} from "./workers/handler.js";
export type { WorkersConfig, WorkersTraceOptions } from "./workers/options.js";
export type {
  ExecutionContextLike,
  MessageBatchLike,
  QueueMessageLike,
  ScheduledControllerLike,
  WorkersExecutionContext,
} from "./workers/platform.js";
export {
  type QueueEnvelopeOptions,
  type QueueEnvelopes,
  queueEnvelopes,
} from "./workers/queues/envelopes.js";
export { isRpcContext, type RpcContext, rpc, type TracedStub } from "./workers/rpc.js";
export {
  type WebSocketEnvelopes,
  webSocketEnvelopes,
  wrapMessage,
} from "./workers/websocket-envelopes.js";

/**
 * Traces a module Worker's handler object: returns a new object whose
 * `fetch`, `scheduled` and `queue` run in a span and receive the trace as
 * a fourth argument (`traceOf(request)` finds it too). Bindings that fetch
 * (service bindings, Durable Object stubs) inject through a per-request
 * view of `env`.
 *
 * @param handler - the handler object; never modified.
 * @param options - options, or a function of `env` returning them; resolved
 *   once per `env` (per isolate).
 * @returns the traced handler, to `export default`.
 * @example
 * export default withTrace({
 *   async fetch(request, env: Env, ctx, trace) {
 *     return env.BACKEND.fetch(request); // injects traceparent
 *   },
 * });
 */
export function withTrace<
  E = unknown,
  C extends ExecutionContextLike = WorkersExecutionContext,
  const H extends WorkersHandler<E, C> = WorkersHandler<E, C>,
>(handler: H & WorkersHandler<E, C>, options?: WorkersConfig<E>): TracedWorkersHandler<E, C, H> {
  return traceHandler<E, C, H>(handler, createResolver(options));
}

/**
 * Traces a `WorkerEntrypoint` or `DurableObject` class: returns a subclass
 * whose `fetch`, JS-RPC methods (called through `rpc(trace, stub)`),
 * `alarm`, WebSocket hibernation handlers, `scheduled` and `queue` run in
 * a span; `traceOf(this)` is the call's trace (`undefined` outside a
 * traced call). The user's class is not modified.
 *
 * @param handler - the class.
 * @param options - options, or a function of `env` returning them.
 * @returns the traced subclass, to export under the class's binding name.
 * @example
 * export const Counter = withTraceClass(class Counter extends DurableObject<Env> {
 *   async increment() { traceOf(this)?.setAttribute("counter.step", 1); }
 * });
 * @see traceOf
 */
export function withTraceClass<C extends EntrypointClass>(
  handler: C,
  options?: WorkersConfig<never>,
): C {
  return traceClass(handler, createResolver(options as WorkersConfig<object> | undefined));
}
