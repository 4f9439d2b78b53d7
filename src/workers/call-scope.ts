/**
 * Which call a class instance is serving, for `this.trace` and for the
 * instance's `env` view. A WorkerEntrypoint instance serves one call, so
 * "the latest call" is exact. A Durable Object instance serves
 * overlapping calls: with AsyncLocalStorage (`nodejs_als`) each call sees
 * its own trace; without it, the latest call's.
 * @module
 */
import type { ActiveTrace } from "../spans/trace.js";
import { type AsyncLocalStorageLike, createAsyncLocalStorage } from "./async-local-storage.js";

interface Current {
  readonly instance: object;
  readonly trace: ActiveTrace;
}

/** Runs calls of instances and answers which trace is current. */
export interface CallScope {
  run<T>(instance: object, trace: ActiveTrace, fn: () => Promise<T>): Promise<T>;
  current(instance: object): ActiveTrace | undefined;
}

/** @returns a scope for the instances of one class. */
export function createCallScope(): CallScope {
  const latest = new WeakMap<object, ActiveTrace>();
  let storage: AsyncLocalStorageLike<Current> | undefined;
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> => {
    loading ??= createAsyncLocalStorage<Current>().then((created) => {
      storage = created;
    });
    return loading;
  };
  return {
    async run(instance, trace, fn) {
      await load();
      latest.set(instance, trace);
      return storage ? storage.run({ instance, trace }, fn) : fn();
    },
    current(instance) {
      const store = storage?.getStore();
      return store?.instance === instance ? store.trace : latest.get(instance);
    },
  };
}
