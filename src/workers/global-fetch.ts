/**
 * The opt-in global `fetch` patch (`instrumentGlobalFetch: true`): where
 * AsyncLocalStorage exists, one patched `fetch` is installed once per
 * isolate; it looks up the trace of the request in progress and injects
 * through it, and behaves exactly as the original `fetch` outside a traced
 * request. Without AsyncLocalStorage nothing is installed.
 * @module
 */
import type { ActiveTrace } from "../spans/trace.js";
import { type AsyncLocalStorageLike, createAsyncLocalStorage } from "./async-local-storage.js";

/** Runs code with a trace as the current one for the patched `fetch`. */
export interface GlobalFetchScope {
  run<T>(trace: ActiveTrace, fn: () => T): T;
}

interface Installed extends GlobalFetchScope {
  readonly original: typeof fetch;
}

// Marks the patched function, so a second `withTrace` in the same isolate
// reuses it instead of wrapping it again.
const INSTALLED = Symbol.for("edge-trace.workers.globalFetch");

type Marked = typeof fetch & { [INSTALLED]?: Installed };

/**
 * Installs the patched `fetch` on first use.
 * @returns the scope to run handlers in, or `undefined` without AsyncLocalStorage. Never rejects.
 */
export async function globalFetchScope(): Promise<GlobalFetchScope | undefined> {
  const existing = installed();
  if (existing) return existing;
  const storage = await createAsyncLocalStorage<ActiveTrace>();
  if (!storage) return undefined;
  // Another request may have installed it while we waited.
  return installed() ?? install(storage);
}

/**
 * The `fetch` as it was before the patch: what the tracer's own `fetch`
 * (`trace.fetch`) calls, so a call is never recorded twice.
 */
export const unpatchedFetch: typeof fetch = (input, init) => {
  const original = installed()?.original ?? globalThis.fetch;
  return original.call(globalThis, input, init);
};

function installed(): Installed | undefined {
  return (globalThis.fetch as Marked | undefined)?.[INSTALLED];
}

function install(storage: AsyncLocalStorageLike<ActiveTrace>): Installed {
  const original = globalThis.fetch;
  const base: typeof fetch = (input, init) => original.call(globalThis, input, init);
  const patched = ((input: RequestInfo | URL, init?: RequestInit) => {
    const trace = storage.getStore();
    return trace ? trace.fetchVia(base, input, init) : base(input, init);
  }) as Marked;
  const scope: Installed = { original, run: (trace, fn) => storage.run(trace, fn) };
  Object.defineProperty(patched, INSTALLED, { value: scope });
  globalThis.fetch = patched;
  return scope;
}
