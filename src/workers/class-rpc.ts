import { readCarrier } from "../core/composite-propagator.js";
import type { Trace } from "../trace/trace.js";
import { PLATFORM_ATTRIBUTES } from "./attributes.js";
import type { EntrypointClass } from "./entrypoint-class.js";
import { internalInbound } from "./internal-inbound.js";
import type { ResolvedWorkers } from "./options.js";
import { RPC_SYSTEM, type RpcContext } from "./rpc.js";

/** A method of the user's class. */
export type Method = (this: object, ...args: unknown[]) => unknown;

// Handlers the runtime calls itself, and the base classes' own members:
// never treated as JS-RPC methods.
const NOT_RPC = new Set([
  "constructor",
  "fetch",
  "connect",
  "scheduled",
  "queue",
  "alarm",
  "email",
  "tail",
  "tailStream",
  "trace",
  "test",
  "webSocketMessage",
  "webSocketClose",
  "webSocketError",
]);
const BASE_CLASSES = new Set([
  "WorkerEntrypoint",
  "DurableObject",
  "RpcTarget",
  "WorkflowEntrypoint",
]);

/** Continues the caller's trace (trusted unless `inbound: "ignore"`) in an RPC server span. */
export function startRpc(
  resolved: ResolvedWorkers,
  service: string,
  method: string,
  context: RpcContext,
): Trace {
  const found = readCarrier(resolved.propagators, { ...context.headers });
  return resolved.startTrace({
    name: `${service}/${method}`,
    kind: "server",
    inbound: internalInbound(found, resolved.options.inbound),
    attributes: {
      "rpc.system": RPC_SYSTEM,
      "rpc.service": service,
      "rpc.method": method,
      ...PLATFORM_ATTRIBUTES,
    },
  });
}

/** The class's own methods (up to the runtime's base class), callable over JS-RPC. */
export function rpcMethods(Base: EntrypointClass): Map<string, Method> {
  const methods = new Map<string, Method>();
  let proto: object | null = Base.prototype;
  while (proto && proto !== Object.prototype) {
    const owner = (proto as { constructor?: { name?: unknown } }).constructor;
    if (proto !== Base.prototype && BASE_CLASSES.has(String(owner?.name))) break;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (NOT_RPC.has(name) || methods.has(name)) continue;
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof value === "function") methods.set(name, value as Method);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return methods;
}
