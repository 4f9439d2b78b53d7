/**
 * AsyncLocalStorage as the user hands it in (`node:async_hooks`, with the
 * `nodejs_als` or `nodejs_compat` flag). edge-trace never imports it: a
 * computed `import()` is something bundlers and Miniflare cannot resolve.
 * @module
 */

/** The part of `AsyncLocalStorage` we use. */
export interface AsyncLocalStorageLike<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

/** The `AsyncLocalStorage` class itself. */
export type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;
