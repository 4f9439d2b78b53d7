/**
 * The Cache API through a trace: `trace.caches` is a view of the global
 * `caches` (never patched) whose `default` and `open(name)` caches record
 * `match`, `put` and `delete` as client spans, with hit or miss.
 * @see https://developers.cloudflare.com/workers/runtime-apis/cache/
 * @module
 */

import { toUrl } from "../../core/url.js";
import type { Attributes } from "../../trace/span-data.js";
import type { Trace } from "../../trace/trace.js";
import type { TraceCache, TraceCacheStorage } from "../../trace/trace-caches.js";
import { createView } from "../view.js";
import { method } from "./attributes.js";
import { tracedMethod } from "./call-span.js";

const OPERATIONS = ["match", "put", "delete"] as const;

/**
 * @param trace - the trace the cache calls belong to.
 * @returns a view of the global `caches`, or `caches` itself when the trace
 *   does not record (or the runtime has no Cache API).
 */
export function cachesView(trace: Trace): TraceCacheStorage {
  const storage = (globalThis as { caches?: unknown }).caches as TraceCacheStorage | undefined;
  if (!storage || !trace.isRecording) return storage as TraceCacheStorage;
  const open = method(storage, "open");
  const tracedOpen = async (name: unknown) =>
    cacheView((await open(name)) as TraceCache, String(name), trace);
  return createView(storage, {
    default: () => {
      const cache = Reflect.get(storage, "default", storage) as TraceCache | undefined;
      return cache && cacheView(cache, "default", trace);
    },
    open: () => tracedOpen,
  });
}

function cacheView(cache: TraceCache, name: string, trace: Trace): TraceCache {
  const overrides: Record<string, () => unknown> = {};
  for (const operation of OPERATIONS) {
    const traced = tracedMethod(
      cache,
      operation,
      () => trace,
      (args) => ({
        name: `${operation} ${name}`,
        attributes: {
          "cache.name": name,
          "cache.operation": operation,
          "url.full": urlOf(args[0]),
        },
        result: (value: unknown) => resultOf(operation, value),
      }),
    );
    overrides[operation] = () => traced;
  }
  return createView(cache, overrides);
}

/** The request's URL without credentials or query (which may carry secrets). */
function urlOf(input: unknown): string | undefined {
  const raw =
    typeof input === "string" || input instanceof URL
      ? String(input)
      : input instanceof Request
        ? input.url
        : undefined;
  const url = toUrl(raw);
  return url ? `${url.origin}${url.pathname}` : undefined;
}

function resultOf(operation: string, value: unknown): Attributes | undefined {
  if (operation === "match") return { "cache.hit": value !== undefined && value !== null };
  if (operation === "delete") return { "cache.deleted": value === true };
  return undefined;
}
