/**
 * AsyncLocalStorage, where the runtime has it: workerd exposes
 * `node:async_hooks` with the `nodejs_als` or `nodejs_compat` flag.
 * Nothing in the adapter requires it; only the opt-in global `fetch` patch
 * and exact `this.trace` under concurrency in Durable Objects use it.
 * @module
 */

/** The part of `AsyncLocalStorage` we use. */
export interface AsyncLocalStorageLike<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

// A computed specifier, so bundlers (wrangler's esbuild) neither try to
// resolve it nor warn about a Node built-in when the flag is off.
const ASYNC_HOOKS = ["node", "async_hooks"].join(":");

/**
 * @returns a new AsyncLocalStorage, or `undefined` when the runtime has none.
 *   Never rejects.
 */
export async function createAsyncLocalStorage<T>(): Promise<AsyncLocalStorageLike<T> | undefined> {
  const Class = (await loadClass()) as AsyncLocalStorageClass | undefined;
  if (!Class) return undefined;
  try {
    return new Class<T>();
  } catch {
    return undefined;
  }
}

async function loadClass(): Promise<unknown> {
  const global = (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage;
  if (typeof global === "function") return global;
  try {
    const module: { AsyncLocalStorage?: unknown } = await import(ASYNC_HOOKS);
    return typeof module.AsyncLocalStorage === "function" ? module.AsyncLocalStorage : undefined;
  } catch {
    return undefined;
  }
}
