import { type Found, readCarrier } from "../core/composite-propagator.js";
import type { Propagator } from "../core/propagator.js";
import type { Trace } from "../trace/trace.js";
import { ENVELOPE_MARKER, isStringRecord } from "./queues/envelope-format.js";

const PREFIX = `{"${ENVELOPE_MARKER}":1,`;

/** What the `webSockets` option takes. */
export interface WebSocketEnvelopes {
  /** The message without its envelope and the context it carried; `undefined` for any other message. */
  unwrap(
    propagators: readonly Propagator[],
    message: unknown,
  ): { readonly data: string; readonly found: Found } | undefined;
}

/**
 * Opts a traced class's `webSocketMessage` into envelopes: a text message
 * sent with {@link wrapMessage} reaches user code as the original text, in
 * a span that continues the sender's trace (with `inbound: "ignore"` or a
 * predicate, a new trace linked to it; its baggage dropped). Other
 * messages, text or binary, are handed over unchanged.
 * @returns the value of the `webSockets` option.
 * @example
 * export const Room = withTraceClass(RoomObject, { webSockets: webSocketEnvelopes() });
 */
export function webSocketEnvelopes(): WebSocketEnvelopes {
  return { unwrap: unwrapMessage };
}

/**
 * Wraps a text message with the trace's propagation headers, to send over
 * a WebSocket to a receiver with `webSocketEnvelopes()`. The headers obey
 * the same outbound policy as `trace.fetch`.
 * @param trace - the sender's trace.
 * @param data - the message.
 * @param destination - the socket's URL, for the outbound policy.
 * @returns the envelope, as JSON text.
 * @example
 * ws.send(wrapMessage(trace, JSON.stringify({ move: "e4" })));
 */
export function wrapMessage(trace: Trace, data: string, destination?: string | URL): string {
  return JSON.stringify({ [ENVELOPE_MARKER]: 1, headers: trace.headers(destination), data });
}

function unwrapMessage(
  propagators: readonly Propagator[],
  message: unknown,
): { data: string; found: Found } | undefined {
  // The prefix check keeps JSON.parse off every message that is not an envelope.
  if (typeof message !== "string" || !message.startsWith(PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  // Exactly the three keys: a user's own JSON that starts alike is left alone.
  if (Object.keys(record).length !== 3 || typeof record.data !== "string") return undefined;
  if (!isStringRecord(record.headers)) return undefined;
  // The same parsers and limits as request headers.
  return { data: record.data, found: readCarrier(propagators, record.headers) };
}
