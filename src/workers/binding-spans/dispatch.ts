/**
 * Workers for Platforms dispatch namespaces: `env.DISPATCHER.get(name)`
 * returns a Fetcher for a user Worker; the view returns a view of it whose
 * `fetch` records a client span and injects its context, like a service
 * binding's.
 * @see https://developers.cloudflare.com/cloudflare-for-platforms/workers-for-platforms/
 * @module
 */
import { fetcherView, type TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { method } from "./attributes.js";

/**
 * @param namespace - a dispatch namespace binding; not modified.
 * @param _binding - its name in `env`.
 * @param trace - the trace the Worker's `fetch` calls belong to.
 * @returns a view whose `get` returns Fetchers that inject.
 */
export function dispatchView<T extends object>(
  namespace: T,
  _binding: string,
  trace: TraceSource,
): T {
  const get = method(namespace, "get");
  const traced = (...args: unknown[]) => {
    const worker = get(...args);
    return typeof worker === "object" &&
      worker !== null &&
      typeof (worker as { fetch?: unknown }).fetch === "function"
      ? fetcherView(worker, trace)
      : worker;
  };
  return createView(namespace, { get: () => traced });
}
