/**
 * The API's `ContextManager` on the `AsyncLocalStorage` class the
 * application hands in (edge-trace never imports `node:async_hooks`).
 * @module
 */
import type { Context, ContextManager } from "@opentelemetry/api";
import type { AsyncLocalStorageLike } from "../workers/async-local-storage.js";
import { BridgeContext } from "./context.js";

/** `context.active()`, `context.with()` and `context.bind()` of `@opentelemetry/api`. */
export class AlsContextManager implements ContextManager {
  readonly #storage: AsyncLocalStorageLike<Context>;
  /** The context outside any `with`: empty, but a {@link BridgeContext}, so baggage falls back. */
  readonly #root: Context = new BridgeContext();

  constructor(storage: AsyncLocalStorageLike<Context>) {
    this.#storage = storage;
  }

  active(): Context {
    return this.#storage.getStore() ?? this.#root;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(context, () => fn.call(thisArg, ...args));
  }

  /** Binds functions; any other target is returned as it is (no EventEmitter patching). */
  bind<T>(context: Context, target: T): T {
    if (typeof target !== "function") return target;
    const manager = this;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    return function bound(this: unknown, ...args: unknown[]) {
      return manager.with(context, fn, this, ...args);
    } as unknown as T;
  }

  /** Always enabled: the storage lives as long as the bridge. */
  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}
