/**
 * A view over a runtime object (a binding, a stub, `ctx`, a queue
 * message): a Proxy that answers a few names itself and forwards the rest
 * to the object, which is never modified.
 * @module
 */

/** The names a view answers itself, evaluated on each access. */
export type Overrides = Readonly<Record<string | symbol, () => unknown>>;

/**
 * Creates a view of `target`.
 *
 * Names found on the target's prototypes are the runtime's native methods
 * (`Fetcher.prototype.connect`, `ExecutionContext.prototype.waitUntil`):
 * they check their receiver, so they are bound to the target. Every other
 * name is read from the target and returned as it is, because JS-RPC stubs
 * answer any name with a callable, pipelinable property that a bound copy
 * would break (`env.SVC.getObject().method()`).
 *
 * @param target - the runtime object; not modified.
 * @param overrides - names this view answers, each with a getter.
 * @returns the view.
 */
export function createView<T extends object>(target: T, overrides: Overrides): T {
  return new Proxy(target, {
    get(object, name) {
      const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
      if (override && !isFrozenValue(object, name)) return override();
      const value: unknown = Reflect.get(object, name, object);
      if (typeof value === "function" && isInherited(object, name)) {
        return (value as (...args: unknown[]) => unknown).bind(object);
      }
      return value;
    },
  });
}

/** A Proxy must return the target's own value for a frozen data property. */
export function isFrozenValue(object: object, name: string | symbol): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, name);
  // A descriptor's `configurable` is always a boolean; an accessor's `writable` is absent.
  return descriptor?.configurable === false && descriptor.writable === false;
}

function isInherited(object: object, name: string | symbol): boolean {
  // Walks up to where `name` is defined: an own member is not inherited, and
  // `Object.prototype` and `Function.prototype` end the walk (everyone's members).
  let holder: object | null = object;
  while (!Object.hasOwn(holder, name)) {
    holder = Object.getPrototypeOf(holder) as object | null;
    if (!holder || holder === Object.prototype || holder === Function.prototype) return false;
  }
  return holder !== object;
}
