/**
 * The per-request view of `env`: service bindings and Durable Object
 * stubs inject trace context into `fetch`, opted-in Queue producers wrap
 * bodies; every other value (vars, secrets, KV, R2, D1, ...) is returned
 * as the very same object. `env` itself is never modified.
 * @module
 */
import type { BindingSpans } from "./binding-spans/contract.js";
import { fetcherView, namespaceView, type TraceSource } from "./binding-views.js";
import { bindingKind } from "./bindings.js";
import { isObject } from "./is-object.js";
import type { QueueEnvelopes } from "./queues/envelopes.js";
import { isFrozenValue } from "./view.js";

/**
 * @param env - the handler's `env`.
 * @param trace - the trace to record into, looked up at each call.
 * @param queues - the `queues` option: Queue producers that wrap bodies.
 * @param bindings - the `bindings` option: other bindings whose calls are spans
 *   (only passed while the trace records).
 * @returns a view of `env`; views of a binding are created once per view.
 * @example
 * const view = envView(env, () => trace, undefined);
 * await view.BACKEND.fetch("https://backend/"); // a client span, with traceparent
 */
export function envView<E extends object>(
  env: E,
  trace: TraceSource,
  queues: QueueEnvelopes | undefined,
  bindings?: BindingSpans | undefined,
): E {
  const views = new Map<string, { readonly binding: object; readonly view: object }>();
  return new Proxy(env, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof name !== "string" || !isObject(value)) return value;
      const cached = views.get(name);
      if (cached?.binding === value) return cached.view;
      if (isFrozenValue(target, name)) return value;
      const view = viewOf(value, name, trace, queues, bindings);
      if (view !== value) views.set(name, { binding: value, view });
      return view;
    },
  });
}

function viewOf(
  value: object,
  name: string,
  trace: TraceSource,
  queues: QueueEnvelopes | undefined,
  bindings: BindingSpans | undefined,
): object {
  const kind = bindingKind(value);
  if (kind === "fetcher") return fetcherView(value, trace);
  if (kind === "namespace") return namespaceView(value, trace);
  // A Queue producer that wraps envelopes records its own span.
  const view = kind === "queue" && queues ? queues.producer(value, name, trace) : value;
  return view === value && bindings ? bindings.view(value, name, trace) : view;
}
