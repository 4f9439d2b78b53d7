/**
 * Names the server span after the route that answered (`GET /users/:id`),
 * which only the router knows, and only once it has run.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/#name
 * @module
 */
import type { Context } from "hono";
import type { Trace } from "../trace/trace.js";

/**
 * The route template of the handler that answered. Read after `next()`:
 * Hono's `routeIndex` then points at the last handler it dispatched.
 * @param c - the request's context.
 * @param ownIndex - `c.req.routeIndex` when the tracing middleware ran.
 * @returns the template, or `undefined` when nothing after the middleware
 *   matched, or a catch-all middleware passed a not-found on.
 */
export function answeringRoute(c: Context, ownIndex: number): string | undefined {
  try {
    if (c.req.routeIndex === ownIndex) return undefined;
    // `routePath` is deprecated in favour of `routePath()` from "hono/route",
    // a runtime import this entry must not make; both read the same index.
    const route = c.req.routePath;
    if (typeof route !== "string" || route === "") return undefined;
    // A catch-all (`*`, `/*`) that answered 404 is the not-found handler, not a route.
    if ((route === "*" || route === "/*") && c.res.status === 404) return undefined;
    return route;
  } catch {
    return undefined;
  }
}

/**
 * Traces whose route a `tracing()` further down (a Hono app called from a
 * handler of another, both traced) has set. Keyed weakly by the trace, as
 * `traceOf` keys requests: nothing outlives the request.
 */
const routed = new WeakSet<Trace>();

/**
 * Sets `http.route` and renames the span to `METHOD route`, unless a
 * `tracing()` further down the same request already did: the innermost
 * app saw the most specific route, and it finishes first.
 * @param trace - the server span's trace (ours, or an outer adapter's).
 * @param method - the request method.
 * @param route - the template, if one answered.
 */
export function nameAfterRoute(trace: Trace, method: string, route: string | undefined): void {
  if (route === undefined || routed.has(trace)) return;
  trace.setRoute(method, route);
  routed.add(trace);
}
