/**
 * `this.trace` for class instances: the trace of the call in progress,
 * and nothing once no traced call is running. With the user's
 * AsyncLocalStorage (the `asyncLocalStorage` option) it is exact when
 * calls overlap; without, it is the latest call still running.
 * @module
 */
import type { Trace } from "../trace/trace.js";
import type { AsyncLocalStorageClass, AsyncLocalStorageLike } from "./async-local-storage.js";

interface Current {
  readonly instance: object;
  readonly trace: Trace;
}

/** Tracks which trace each instance's code runs in. */
export interface CallScope {
  run<T>(
    instance: object,
    trace: Trace,
    fn: () => Promise<T>,
    AsyncLocalStorage?: AsyncLocalStorageClass,
  ): Promise<T>;
  current(instance: object): Trace | undefined;
}

/** @returns a scope for one traced class. */
export function createCallScope(): CallScope {
  // The calls in progress per instance, oldest first. A call removes its
  // own entry when it settles, so an alarm or a hibernation handler that
  // runs untraced never sees an earlier request's trace.
  const running = new WeakMap<object, Trace[]>();
  let storage: AsyncLocalStorageLike<Current> | undefined;
  return {
    async run(instance, trace, fn, AsyncLocalStorage) {
      const calls = running.get(instance) ?? [];
      running.set(instance, calls);
      calls.push(trace);
      if (!storage && AsyncLocalStorage) {
        try {
          storage = new AsyncLocalStorage<Current>();
        } catch {
          // Not a usable AsyncLocalStorage: fall back to the latest running call.
        }
      }
      try {
        return await (storage ? storage.run({ instance, trace }, fn) : fn());
      } finally {
        calls.splice(calls.lastIndexOf(trace), 1);
      }
    },
    current(instance) {
      // With AsyncLocalStorage the answer is exact: outside a call, nothing.
      if (storage) {
        const store = storage.getStore();
        return store?.instance === instance ? store.trace : undefined;
      }
      const calls = running.get(instance);
      return calls?.[calls.length - 1];
    },
  };
}
