/**
 * The opt-in global `fetch` patch: `tracedGlobalFetch(AsyncLocalStorage)`.
 * On the first traced request one patched `fetch` is installed per
 * isolate; it looks up the trace of the request in progress and injects
 * through it, and behaves exactly as the original outside a traced request.
 * @module
 */
import type { Trace } from "../trace/trace.js";
import type { AsyncLocalStorageClass, AsyncLocalStorageLike } from "./async-local-storage.js";

/** What the `globalFetch` option takes. */
export interface GlobalFetch {
  /** Runs code with `trace` as the current one for the patched `fetch`. */
  run<T>(trace: Trace, fn: () => T): T;
  /** The `fetch` as it was before the patch, for `trace.fetch` itself. */
  readonly original: typeof fetch;
}

interface Installed {
  readonly storage: AsyncLocalStorageLike<Trace>;
  readonly original: typeof fetch;
}

// Marks the patched function, so a second `withTrace` in the same isolate
// reuses it instead of wrapping it again.
const INSTALLED = /* @__PURE__ */ Symbol.for("edge-trace.workers.globalFetch");

type Marked = typeof fetch & { [INSTALLED]?: Installed };

/**
 * @param AsyncLocalStorage - the class from `node:async_hooks`.
 * @returns the value of the `globalFetch` option.
 * @example
 * import { AsyncLocalStorage } from "node:async_hooks";
 * export default withTrace(handler, { globalFetch: tracedGlobalFetch(AsyncLocalStorage) });
 */
export function tracedGlobalFetch(AsyncLocalStorage: AsyncLocalStorageClass): GlobalFetch {
  const install = (): Installed => {
    const existing = (globalThis.fetch as Marked)[INSTALLED];
    if (existing) return existing;
    const original = globalThis.fetch;
    const base: typeof fetch = (input, init) => original.call(globalThis, input, init);
    const installed: Installed = { storage: new AsyncLocalStorage<Trace>(), original };
    const patched = ((input: RequestInfo | URL, init?: RequestInit) => {
      const trace = installed.storage.getStore();
      return trace ? trace.fetchVia(base, input, init) : base(input, init);
    }) as Marked;
    Object.defineProperty(patched, INSTALLED, { value: installed });
    globalThis.fetch = patched;
    return installed;
  };
  return {
    run(trace, fn) {
      let storage: AsyncLocalStorageLike<Trace>;
      try {
        storage = install().storage;
      } catch {
        return fn(); // not a usable AsyncLocalStorage: run untouched
      }
      return storage.run(trace, fn);
    },
    original: (input, init) => {
      const fetch = (globalThis.fetch as Marked)[INSTALLED]?.original ?? globalThis.fetch;
      return fetch.call(globalThis, input, init);
    },
  };
}
