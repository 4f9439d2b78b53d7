/**
 * The Workers adapter's options, and their resolution into a tracer once
 * per isolate per `env` (secrets and `OTEL_*` variables live in `env`).
 * @module
 */
import type { EnvRecord } from "../trace/env-record.js";
import { resolveTracer } from "../trace/resolve-tracer.js";
import type { TraceOptions } from "../trace/trace-options.js";
import type { Tracer } from "../trace/tracer.js";
import type { AsyncLocalStorageClass } from "./async-local-storage.js";
import type { BindingSpans } from "./binding-spans/contract.js";
import type { GlobalFetch } from "./global-fetch.js";
import { isObject } from "./is-object.js";
import type { QueueEnvelopes } from "./queues/envelopes.js";
import type { WebSocketEnvelopes } from "./websocket-envelopes.js";

/** Options of `withTrace` and `withTraceClass` for Workers. */
export interface WorkersTraceOptions extends TraceOptions<Request> {
  /**
   * Adds a `traceresponse` header naming the server span to each `fetch`
   * response (a copy; the handler's response is not changed), so a browser
   * or gateway can find the trace. Default `false`: it shows trace ids to callers.
   * @see https://www.w3.org/TR/trace-context-2/#traceresponse-header
   */
  readonly traceResponse?: boolean | undefined;
  /**
   * Trace context through Cloudflare Queues, which have no message headers:
   * `queueEnvelopes({ producers, parent })`. Without it a `queue` handler
   * still runs in a consumer span and message bodies are left as they are.
   */
  readonly queues?: QueueEnvelopes | undefined;
  /**
   * Makes plain `fetch()` inside handlers inject, per request:
   * `tracedGlobalFetch(AsyncLocalStorage)` with `AsyncLocalStorage` from
   * `node:async_hooks` (the `nodejs_als` or `nodejs_compat` flag).
   */
  readonly globalFetch?: GlobalFetch | undefined;
  /**
   * `AsyncLocalStorage` from `node:async_hooks`, for `withTraceClass`:
   * keeps `this.trace` exact when a Durable Object serves overlapping calls.
   */
  readonly asyncLocalStorage?: AsyncLocalStorageClass | undefined;
  /**
   * Trace context over WebSocket messages, for a Durable Object's
   * `webSocketMessage`: `webSocketEnvelopes()`. Without it messages are
   * handed over unchanged and the handler's span only links the upgrade request.
   */
  readonly webSockets?: WebSocketEnvelopes | undefined;
  /**
   * Client spans for calls on the bindings in `env` (KV, D1, R2, Queues,
   * Workers AI, Vectorize, ...) and on `trace.caches`: `bindingSpans()`.
   * Without it bindings pass through untouched and none of it is bundled.
   */
  readonly bindings?: BindingSpans<ResolvedWorkers> | undefined;
}

/** Options, or a function of `env` returning them (for secrets kept in `env`). */
export type WorkersConfig<E = unknown> = WorkersTraceOptions | ((env: E) => WorkersTraceOptions);

/** The tracer of one `env`, with the Workers options it was built from. */
export type ResolvedWorkers = Tracer & { readonly options: WorkersTraceOptions };

/**
 * Returns a resolver for an `env`: the tracer is built on the first request
 * of each `env` object (the runtime reuses one per isolate) and cached by
 * `resolveTracer`, the one cache every adapter shares. Configuration that
 * throws falls back to the defaults: tracing never breaks the request.
 * @param config - the user's options or options function.
 */
export function createResolver<E>(
  config: WorkersConfig<E> | undefined,
): (env: E) => ResolvedWorkers {
  // One options function per withTrace call: the cache key, whatever `config` is.
  const options = (env: EnvRecord): WorkersTraceOptions =>
    originalFetch((typeof config === "function" ? config(env as E) : config) ?? {});
  // An isolate has one `env`: remembering the last answers every request without a lookup.
  let last: { env: E; tracer: ResolvedWorkers } | undefined;
  return (env) => {
    if (last && last.env === env) return last.tracer;
    // No timer: a Worker's isolate may sleep between requests; flushes are per invocation.
    const tracer = resolveTracer(options, isObject(env) ? env : undefined, { timer: false });
    last = { env, tracer: tracer as ResolvedWorkers };
    return last.tracer;
  };
}

/** With the global fetch patched, `trace.fetch` must call the original, or each call records twice. */
function originalFetch(options: WorkersTraceOptions): WorkersTraceOptions {
  const patched = options.globalFetch;
  return patched && !options.fetch ? { ...options, fetch: patched.original } : options;
}
