/**
 * Recognising the bindings whose calls become spans. Bindings have no
 * classes a Worker can import, so they are told apart by the runtime's
 * `Symbol.toStringTag` where it has one (KV, R2, Queues) and by shape
 * otherwise (D1, Vectorize, Workers AI, Analytics Engine, dispatch
 * namespaces are plain JS objects in workerd). Service bindings and
 * Durable Object stubs answer every property name with a function, so a
 * name no binding has tells them apart before any shape is trusted.
 * @module
 */

/** A binding kind that `bindingSpans()` records. */
export type BindingSpanKind =
  | "kv"
  | "d1"
  | "r2"
  | "queues"
  | "ai"
  | "vectorize"
  | "analyticsEngine"
  | "dispatch";

const TAGS: ReadonlyMap<string, BindingSpanKind> = new Map([
  ["[object KvNamespace]", "kv"],
  ["[object R2Bucket]", "r2"],
  ["[object WorkerQueue]", "queues"],
]);

/** Each shape: the methods that, all present, identify a kind (checked in order). */
const SHAPES: readonly (readonly [BindingSpanKind, readonly string[]])[] = [
  ["d1", ["prepare", "batch", "exec"]],
  ["kv", ["get", "getWithMetadata", "put", "list", "delete"]],
  ["r2", ["head", "get", "put", "createMultipartUpload"]],
  ["queues", ["send", "sendBatch"]],
  ["vectorize", ["query", "insert", "upsert", "getByIds", "deleteByIds"]],
  ["ai", ["run", "gateway"]],
  ["analyticsEngine", ["writeDataPoint"]],
];

/** A name no binding has: a JS-RPC stub answers it with a function. */
const PROBE = "__edgeTraceNoSuchMethod";

/**
 * @param value - an `env` value (an object).
 * @returns the binding kind it is, or `undefined` for anything else.
 */
export function bindingSpanKind(value: object): BindingSpanKind | undefined {
  try {
    const tagged = TAGS.get(Object.prototype.toString.call(value));
    if (tagged) return tagged;
    const has = (name: string) => typeof Reflect.get(value, name) === "function";
    if (has(PROBE)) return undefined;
    for (const [kind, methods] of SHAPES) if (methods.every(has)) return kind;
    return isDispatchNamespace(value) ? "dispatch" : undefined;
  } catch {
    // A revoked Proxy or a hostile getter: leave the value alone.
    return undefined;
  }
}

/** A dispatch namespace has one method, `get(name)`, returning a Fetcher. */
function isDispatchNamespace(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (typeof proto !== "object" || proto === null || proto === Object.prototype) return false;
  const names = Object.getOwnPropertyNames(proto).filter((name) => name !== "constructor");
  return names.length === 1 && names[0] === "get";
}
