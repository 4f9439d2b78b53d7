/**
 * `edge-trace/hono`: the `tracing()` middleware for Hono, on every runtime
 * Hono runs on. `hono` is an optional peer dependency, imported here only
 * for types.
 *
 * @example
 * import { Hono } from "hono";
 * import { tracing } from "edge-trace/hono";
 *
 * const app = new Hono();
 * app.use(tracing());
 * app.get("/users/:id", async (c) => c.json(await (await c.var.trace.fetch(url)).json()));
 * @module
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import { formatTraceparent } from "./core/w3c/traceparent.js";
import { endFromContext, recordHandledError } from "./hono/finish.js";
import { requestFlush } from "./hono/request-flush.js";
import { answeringRoute, nameAfterRoute } from "./hono/route.js";
import { type HonoConfig, settingsCache } from "./hono/settings.js";
import { endServerTrace, startServerTrace } from "./server/server-span.js";
import { TRACERESPONSE, wantsTraceResponse } from "./server/trace-response.js";
import type { EnvRecord } from "./trace/resolve-tracer.js";
import { runActive } from "./trace/run-active.js";
import type { Trace } from "./trace/trace.js";
import { boundTrace } from "./trace/trace-of.js";

export { traced } from "./hono/middleware-span.js";
export type { HonoConfig, HonoTraceOptions } from "./hono/settings.js";
export type { EnvRecord } from "./trace/resolve-tracer.js";
export type { Trace } from "./trace/trace.js";
export { traceOf } from "./trace/trace-of.js";

/** The variables the middleware sets: `c.var.trace`. */
export type TracingVariables = { trace: Trace };

declare module "hono" {
  interface ContextVariableMap {
    /** The request's trace, set by `tracing()` from `edge-trace/hono`. */
    trace: Trace;
  }
}

/** The middleware, with `flush()` for shutdown outside Workers. */
export type TracingMiddleware = MiddlewareHandler<{ Variables: TracingVariables }> & {
  /** Sends the spans buffered outside Workers; never rejects. */
  flush(deadline?: number): Promise<void>;
};

/**
 * Tracing middleware: continues the caller's trace, records a server span
 * named after the matched route (`GET /users/:id`), and sets `c.var.trace`,
 * whose `fetch` injects context into outbound calls. Errors handled by
 * `app.onError` still mark the span. Inside an outer tracer (`withTrace`
 * from `edge-trace/workers` or `edge-trace/fetch`) it reuses that trace,
 * and only names its span after the route. On Workers it flushes as
 * `withTrace` does, in `waitUntil` after the work the handler hands
 * `c.executionCtx.waitUntil`; elsewhere the sink flushes on its timer, on
 * `flush()` and before the process exits.
 *
 * @param config - options, or a function of the environment (Workers: `c.env`) returning them.
 * @returns the middleware.
 * @example
 * app.use(tracing((env: { OTEL_SERVICE_NAME: string }) => ({ inbound: "trust" })));
 * app.get("/", async (c) => c.text(c.var.trace.traceId));
 */
export function tracing<B = EnvRecord>(config: HonoConfig<B> = {}): TracingMiddleware {
  const settings = settingsCache(config);

  async function tracing(c: Context<{ Variables: TracingVariables }>, next: Next): Promise<void> {
    const outer = boundTrace(c.req.raw);
    if (outer) return traceWithin(outer, c, next);

    const { settings: resolved, executionCtx } = settings.forContext(c);
    const trace = startServerTrace(resolved, resolved.options.inbound ?? "trust", c.req.raw);
    c.set("trace", trace);
    // Metrics' caller route (edge-trace/metrics): the route of the handler running when it calls out.
    resolved.recorder?.requests?.route(trace, c.req.method, () => c.req.routePath);
    const ownIndex = c.req.routeIndex;
    const flush = requestFlush(resolved, c, executionCtx);
    try {
      // edge-trace/opentelemetry: the route runs with its span active in @opentelemetry/api.
      await runActive(resolved, trace, next);
    } catch (error) {
      // Not an Error (Hono re-throws those unhandled), or thrown by onError itself.
      nameAfterRoute(trace, c.req.method, answeringRoute(c, ownIndex));
      endServerTrace(resolved, trace, { error });
      flush.flush();
      throw error;
    }
    nameAfterRoute(trace, c.req.method, answeringRoute(c, ownIndex));
    // A streamed body's span ends when the body has been sent: the flush waits for that.
    endFromContext(resolved, trace, c, flush.waitUntil);
    if (resolved.options.traceResponse) addTraceResponse(c, trace);
    flush.flush();
  }

  return Object.assign(tracing, { flush: settings.flush });
}

/** Inside an outer adapter: one server span, named here because the router knows the route. */
async function traceWithin(outer: Trace, c: Context, next: Next): Promise<void> {
  c.set("trace", outer);
  const ownIndex = c.req.routeIndex;
  try {
    await next();
  } finally {
    nameAfterRoute(outer, c.req.method, answeringRoute(c, ownIndex));
  }
  recordHandledError(outer, c);
}

function addTraceResponse(c: Context, trace: Trace): void {
  try {
    if (wantsTraceResponse(c.res)) c.header(TRACERESPONSE, formatTraceparent(trace));
  } catch {
    // A response Hono cannot re-create goes out without the header.
  }
}
