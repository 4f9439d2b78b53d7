/**
 * Views of the bindings that carry requests: `fetch` through a service
 * binding or a Durable Object stub records a client span and injects its
 * context; everything else (JS-RPC methods, `connect`, `id`, `name`)
 * passes through to the binding.
 * @module
 */
import type { Trace } from "../trace/trace.js";
import { isObject } from "./is-object.js";
import type { FetcherLike } from "./platform.js";
import { createView } from "./view.js";

type Factory = (...args: unknown[]) => unknown;

/**
 * The trace a call belongs to, looked up at call time: a request's trace,
 * or for a long-lived Durable Object the trace of the call in progress.
 * `undefined` means "not traced": the binding is used as it is.
 */
export type TraceSource = () => Trace | undefined;

/**
 * @param stub - a service binding or Durable Object stub.
 * @param trace - the trace whose client spans its `fetch` calls record.
 * @returns a view whose `fetch` is `trace.fetchVia(stub.fetch)`.
 */
export function fetcherView<T extends object>(stub: T, trace: TraceSource): T {
  const fetcher = stub as unknown as FetcherLike;
  const fetchOnce: FetcherLike["fetch"] = (input, init) => fetcher.fetch(input, init);
  const tracedFetch: FetcherLike["fetch"] = (input, init) => {
    const current = trace();
    return current ? current.fetchVia(fetchOnce, input, init) : fetchOnce(input, init);
  };
  return createView(stub, { fetch: () => tracedFetch });
}

/**
 * @param namespace - a Durable Object namespace binding.
 * @param trace - the trace its stubs' `fetch` calls belong to.
 * @returns a view whose `get`, `getByName` and `jurisdiction` return views.
 */
export function namespaceView<T extends object>(namespace: T, trace: TraceSource): T {
  const viewOf = (name: string, wrap: (value: object) => object) => () => {
    const method = Reflect.get(namespace, name, namespace);
    if (typeof method !== "function") return method;
    return (...args: unknown[]) => {
      const result = Reflect.apply(method as Factory, namespace, args);
      return isObject(result) ? wrap(result) : result;
    };
  };
  const stubView = (stub: object) => fetcherView(stub, trace);
  return createView(namespace, {
    get: viewOf("get", stubView),
    // Newer runtimes only; absent stays absent.
    getByName: viewOf("getByName", stubView),
    jurisdiction: viewOf("jurisdiction", (scoped) => namespaceView(scoped, trace)),
  });
}
