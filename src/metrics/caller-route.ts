/**
 * The caller's route, carried as one baggage member so a callee can break
 * its server metrics down by who called it (`GET /checkout > GET /product`).
 *
 * The caller (with `callerRoute: true`) sets the member on each `trace.fetch`
 * to `METHOD route` of the request it is serving, when that route is known.
 * The callee (with `callerRoute: true`) reads it, removes it from the
 * baggage it passes on (so a third hop never sees a route that is not its
 * caller's), and adds it to its `http.server.request.duration` points as
 * `edge_trace.caller.route`, `*` when absent. Being baggage, the outbound
 * policy decides which destinations get it, like any other member.
 * @see https://www.w3.org/TR/baggage/
 * @module
 */
import type { Trace } from "../trace/trace.js";

/** The baggage key the caller's route travels in. */
export const CALLER_ROUTE_KEY = "edge-trace.caller.route";

/** The metric attribute the callee records it as. */
export const CALLER_ROUTE_ATTRIBUTE = "edge_trace.caller.route";

/** What the attribute says when the caller sent no route (not traced, not opted in, no route). */
export const UNKNOWN_CALLER = "*";

/** Longer values are not a route template: recorded as unknown. */
const MAX_ROUTE_LENGTH = 256;

/**
 * Reads the caller's route from an incoming trace's baggage and removes it.
 * @param trace - the server trace, as started.
 * @returns the route, or `*`.
 */
export function takeCallerRoute(trace: Trace): string {
  const value = trace.getBaggage(CALLER_ROUTE_KEY);
  if (value === undefined) return UNKNOWN_CALLER;
  trace.deleteBaggage(CALLER_ROUTE_KEY);
  return value !== "" && value.length <= MAX_ROUTE_LENGTH ? value : UNKNOWN_CALLER;
}

/**
 * Sets this service's route on an outgoing call's trace.
 * @param client - the client span's trace, before its headers are injected.
 * @param route - `METHOD route`, or `undefined` to send none.
 */
export function sendCallerRoute(client: Trace, route: string | undefined): void {
  if (route !== undefined) client.setBaggage(CALLER_ROUTE_KEY, route);
}
