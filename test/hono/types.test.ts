/**
 * Type-level checks (run by `tsc` in `npm test`): `c.var.trace` is the
 * public `Trace` wherever Hono hands out a context, and options typed
 * against a Workers `Env` are accepted as a function of the bindings.
 */
import { Hono } from "hono";
import { expectTypeOf, it } from "vitest";
import { type Trace, type TracingMiddleware, tracing } from "../../src/hono.js";
import { otlp } from "../../src/otlp.js";

it("types c.var.trace as Trace, in routes and in later middleware", () => {
  const app = new Hono<{ Bindings: { API_URL: string } }>();
  const middleware = tracing((env: { API_URL: string }) => ({
    exporter: env.API_URL ? otlp() : undefined,
  }));
  expectTypeOf(middleware).toEqualTypeOf<TracingMiddleware>();
  app.use(middleware);
  app.use(async (c, next) => {
    expectTypeOf(c.var.trace).toEqualTypeOf<Trace>();
    await next();
  });
  app.get("/", (c) => {
    expectTypeOf(c.get("trace")).toEqualTypeOf<Trace>();
    return c.var.trace.fetch(c.env.API_URL);
  });
});
