/**
 * How a WebSocket hibernation handler (`webSocketMessage`,
 * `webSocketClose`, `webSocketError`) starts its span: a new trace linked
 * to the upgrade request that opened the socket. With
 * `webSocketEnvelopes()`, a message that carries its sender's context
 * continues that trace (per the inbound policy) and user code gets the
 * message without the envelope.
 * @module
 */
import { applyInbound, type Inbound } from "../core/inbound.js";
import { endWith } from "../trace/end-with.js";
import { recordFailure } from "../trace/failure.js";
import type { Attributes } from "../trace/span-data.js";
import { PLATFORM_ATTRIBUTES } from "./attributes.js";
import type { ResolvedWorkers } from "./options.js";
import { linksFromTags } from "./socket-tag.js";
import type { Started } from "./triggers.js";

const NO_INBOUND: Inbound = { links: [], baggage: new Map() };

/**
 * @param resolved - the class's tracer and options.
 * @param name - the handler's name, used as the span name.
 * @param tags - the socket's tags, where the upgrade request's context is kept.
 * @param args - the handler's arguments: `(ws, message)` or `(ws, code, reason, wasClean)` or `(ws, error)`.
 * @returns the started span, and the arguments for user code (the message unwrapped).
 */
export function startSocketTrace(
  resolved: ResolvedWorkers,
  name: string,
  tags: readonly unknown[],
  args: unknown[],
): Started & { args: unknown[] } {
  const tracer = resolved;
  const options = resolved.options;
  let inbound = NO_INBOUND;
  let callArgs = args;
  const attributes: Attributes = { "faas.trigger": "other", ...PLATFORM_ATTRIBUTES };
  if (name === "webSocketMessage") {
    const message = args[1];
    attributes["messaging.message.body.size"] =
      typeof message === "string" ? message.length : (message as ArrayBuffer)?.byteLength;
    const received = options.webSockets?.unwrap(tracer.propagators, message);
    if (received) {
      // A message comes from whoever holds the socket: a predicate policy
      // (which needs the request) cannot vouch for it, so only "trust" continues.
      inbound = applyInbound(
        received.found,
        options.inbound === "trust" || options.inbound === undefined ? "trust" : "ignore",
        undefined,
      );
      callArgs = [args[0], received.data, ...args.slice(2)];
    }
  } else if (name === "webSocketClose" && typeof args[1] === "number") {
    attributes["websocket.close.code"] = args[1];
  }
  const trace = tracer.startTrace({
    name,
    kind: "server",
    inbound,
    links: linksFromTags(tags),
    attributes,
  });
  if (name === "webSocketError") recordFailure(trace, args[1]);
  return { trace, run: (fn) => endWith(trace, fn), args: callArgs };
}
