/**
 * `this.trace` for class instances: the trace of the call in progress.
 * With the user's AsyncLocalStorage (the `asyncLocalStorage` option) it is
 * exact when calls overlap; without, it is the latest call's trace.
 * @module
 */
import type { ActiveTrace } from "../spans/trace.js";
import type { AsyncLocalStorageClass, AsyncLocalStorageLike } from "./async-local-storage.js";

interface Current {
  readonly instance: object;
  readonly trace: ActiveTrace;
}

/** Tracks which trace each instance's code runs in. */
export interface CallScope {
  run<T>(
    instance: object,
    trace: ActiveTrace,
    fn: () => Promise<T>,
    AsyncLocalStorage?: AsyncLocalStorageClass,
  ): Promise<T>;
  current(instance: object): ActiveTrace | undefined;
}

/** @returns a scope for one traced class. */
export function createCallScope(): CallScope {
  const latest = new WeakMap<object, ActiveTrace>();
  let storage: AsyncLocalStorageLike<Current> | undefined;
  return {
    run(instance, trace, fn, AsyncLocalStorage) {
      latest.set(instance, trace);
      if (!storage && AsyncLocalStorage) {
        try {
          storage = new AsyncLocalStorage<Current>();
        } catch {
          // Not a usable AsyncLocalStorage: fall back to the latest call's trace.
        }
      }
      return storage ? storage.run({ instance, trace }, fn) : fn();
    },
    current(instance) {
      const store = storage?.getStore();
      return store?.instance === instance ? store.trace : latest.get(instance);
    },
  };
}
