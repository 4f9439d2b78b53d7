/**
 * JS-RPC context, caller side: `rpc(trace, stub).method(...args)` calls
 * `stub.method(...args, context)` in a client span, where `context` is a
 * small serialisable object with that span's propagation headers. The
 * callee's class, wrapped by `withTrace`, removes it before the method
 * runs (see `entrypoint.ts`).
 * @module
 */

import { endWith } from "../trace/end-with.js";
import type { Trace } from "../trace/trace.js";
import { ENVELOPE_MARKER, isStringRecord } from "./queues/envelope-format.js";

/** The trailing argument that carries trace context over JS-RPC. */
export interface RpcContext {
  readonly [ENVELOPE_MARKER]: 1;
  /** `traceparent`, `tracestate`, `baggage` (and any other configured format). */
  readonly headers: Readonly<Record<string, string>>;
}

/** `rpc.system` for Workers JS-RPC (not a registered semconv value). */
export const RPC_SYSTEM = "cloudflare_rpc";

/** A stub's methods, each returning a promise of its result. */
export type TracedStub<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * Calls JS-RPC methods of a service binding or Durable Object stub with
 * the trace context as an extra, last argument, each call in a client span.
 *
 * Limits: the callee must be wrapped with `withTrace` (otherwise its
 * method sees one more argument); results are awaited promises, so
 * promise pipelining (`stub.a().b()` in one round trip) is not available
 * through this helper; call the stub directly for that.
 *
 * @param trace - the caller's trace.
 * @param stub - `env.SERVICE`, or a Durable Object stub.
 * @param service - the name recorded as `rpc.service` (default: the binding kind).
 * @returns an object whose every method calls the stub's method of that name.
 * @example
 * const user = await rpc(trace, env.USERS, "USERS").getUser(id);
 */
export function rpc<T extends object>(trace: Trace, stub: T, service?: string): TracedStub<T> {
  const name = service ?? kindOf(stub);
  return new Proxy(Object.create(null) as TracedStub<T>, {
    get(_target, method) {
      // `then` stays undefined so that the helper itself is not a thenable.
      if (typeof method !== "string" || method === "then") return undefined;
      return (...args: unknown[]) => call(trace, stub, name, method, args);
    },
  });
}

/**
 * @param value - a JS-RPC argument.
 * @returns true for the context `rpc` appends (and nothing else).
 */
export function isRpcContext(value: unknown): value is RpcContext {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  return (
    record[ENVELOPE_MARKER] === 1 &&
    keys.length === 2 &&
    keys.includes("headers") &&
    isStringRecord(record.headers)
  );
}

async function call(
  trace: Trace,
  stub: object,
  service: string,
  method: string,
  args: unknown[],
): Promise<unknown> {
  const span = trace.startSpan(`${service}/${method}`, {
    kind: "client",
    attributes: {
      "rpc.system": RPC_SYSTEM,
      "rpc.service": service,
      "rpc.method": method,
    },
  });
  return endWith(span, () => {
    const context: RpcContext = { [ENVELOPE_MARKER]: 1, headers: span.headers() };
    const fn = Reflect.get(stub, method) as (...args: unknown[]) => unknown;
    // Reflect.apply, not fn.apply: an RPC property answers `.apply` as a remote name.
    return Reflect.apply(fn, stub, [...args, context]);
  });
}

function kindOf(stub: object): string {
  try {
    return Object.prototype.toString.call(stub).slice(8, -1);
  } catch {
    return "rpc";
  }
}
