/**
 * `traced(middleware)`: a span per middleware, named after its function
 * (`cors`, `bearerAuth`, your own `async function auth(c, next)`), nested
 * as the middlewares run: one that runs inside another's `next()` is its
 * child. Opt-in per middleware, because Hono composes the handlers of a
 * route from the router's own arrays, which a middleware must not change.
 * Imported only by apps that use it.
 * @module
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import { recordFailure } from "../trace/failure.js";
import type { Trace } from "../trace/trace.js";

/** Where the innermost running middleware span is kept on the context. */
const RUNNING = "edgeTrace.middleware";

type Vars = { Variables: { trace?: Trace; [RUNNING]?: Trace } };

/**
 * Wraps a middleware so that it runs in its own span, a child of the
 * middleware it runs inside (or of the server span). While its own code
 * runs, `c.var.trace` is its span (its `trace.fetch` calls nest under it);
 * inside its `next()` and in route handlers, `c.var.trace` is what it was
 * before. A throw is recorded on the span and re-thrown unchanged. Without
 * `tracing()` before it, or when the trace does not record, the middleware
 * runs as it is.
 * @param middleware - the middleware; not modified.
 * @param name - the span's name. Default: the function's name, else `"middleware"`.
 * @returns the wrapped middleware, of the same type.
 * @example
 * app.use(tracing({ exporter: otlp() }));
 * app.use(traced(cors()), traced(bearerAuth({ token })));
 * app.use(traced(async function audit(c, next) { await next(); }));
 */
export function traced<M extends MiddlewareHandler>(
  middleware: M,
  name: string = middleware.name || "middleware",
): M {
  const user = middleware as unknown as (c: Context, next: Next) => Promise<Response | undefined>;
  const spanned = async function traced(c: Context<Vars>, next: Next) {
    const outer = c.get("trace");
    const running = c.get(RUNNING);
    const parent = running ?? outer;
    if (!parent?.isRecording) return user(c, next);
    const span = parent.startSpan(name);
    c.set("trace", span);
    c.set(RUNNING, span);
    try {
      return await user(c, async () => {
        // Downstream code sees the trace it would without this wrapper.
        c.set("trace", outer);
        try {
          await next();
        } finally {
          c.set("trace", span);
        }
      });
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      c.set("trace", outer);
      c.set(RUNNING, running);
      span.end();
    }
  };
  return spanned as unknown as M;
}
