/**
 * Recognising the `env` bindings that carry requests.
 *
 * Shape tests do not work here: a service binding (`Fetcher`) and a
 * Durable Object stub are JS-RPC stubs that answer every property name
 * with a function, so `"fetch" in stub`, `typeof stub.get` and
 * `typeof stub.send` are all true. What workerd does give each binding is
 * a distinct `Symbol.toStringTag`, checked against real bindings in
 * `test/workers/bindings.test.ts`:
 *
 * | binding                   | `Object.prototype.toString` |
 * | ------------------------- | --------------------------- |
 * | service binding           | `[object Fetcher]`          |
 * | Durable Object stub       | `[object DurableObject]`    |
 * | Durable Object namespace  | `[object DurableObjectNamespace]` |
 * | Queue producer            | `[object WorkerQueue]`      |
 * | KV / R2                   | `[object KvNamespace]` / `[object R2Bucket]` |
 * | D1, vars, JSON vars       | `[object Object]` or a primitive |
 * @module
 */
import { isObject } from "./is-object.js";

/** What the env view does with a binding. */
export type BindingKind = "fetcher" | "namespace" | "queue";

// Every key reads `[object …]`, a name no `Object.prototype` member has.
const KINDS: Readonly<Record<string, BindingKind | undefined>> = {
  "[object Fetcher]": "fetcher",
  "[object DurableObject]": "fetcher",
  "[object DurableObjectNamespace]": "namespace",
  "[object WorkerQueue]": "queue",
};

/**
 * @param value - an `env` value.
 * @returns the kind of a binding the env view wraps, or `undefined` for
 *   everything it passes through untouched.
 */
export function bindingKind(value: unknown): BindingKind | undefined {
  if (!isObject(value)) return undefined;
  try {
    return KINDS[Object.prototype.toString.call(value)];
  } catch {
    // A revoked Proxy or a hostile getter: leave the value alone.
    return undefined;
  }
}
