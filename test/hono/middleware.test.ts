/**
 * `traced(middleware)` and `http.route` through sub-routers, on Node with
 * Hono's own `app.request()` against src/.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { traced, tracing } from "../../src/hono.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

function tracedApp(recording = true) {
  const sink = collectingSink();
  const app = new Hono();
  app.use(tracing(recording ? { exporter: sinkExporter(sink), flushOnExit: false } : {}));
  return { app, sink };
}

/** Sends the body, as a server does (a streamed body's span ends then). */
async function request(app: Hono, path: string): Promise<Response> {
  const response = await app.request(path);
  await response.clone().arrayBuffer();
  return response;
}

const byName = (spans: readonly FinishedSpan[], name: string) =>
  spans.find((span) => span.name === name);

describe("traced(middleware)", () => {
  it("opens a span per middleware, named after its function and nested as they run", async () => {
    const { app, sink } = tracedApp();
    const order: string[] = [];
    app.use(
      traced(async function auth(_c, next) {
        order.push("auth in");
        await next();
        order.push("auth out");
      }),
      traced(async function audit(_c, next) {
        order.push("audit in");
        await next();
      }),
    );
    app.get("/x", (c) => c.text("x"));
    expect(await (await request(app, "/x")).text()).toBe("x");
    const server = sink.spans.find((span) => span.kind === "server");
    const auth = byName(sink.spans, "auth");
    const audit = byName(sink.spans, "audit");
    expect(order).toEqual(["auth in", "audit in", "auth out"]);
    expect(auth?.parentSpanId).toBe(server?.spanId);
    expect(audit?.parentSpanId).toBe(auth?.spanId);
    expect(auth?.kind).toBe("internal");
    // Nested in time too: the inner one starts after and ends before the outer.
    expect(audit?.startTime).toBeGreaterThanOrEqual(auth?.startTime ?? Infinity);
    expect(audit?.endTime).toBeLessThanOrEqual(auth?.endTime ?? -Infinity);
  });

  it("gives the middleware its span as c.var.trace and route handlers the server span", async () => {
    const { app, sink } = tracedApp();
    const seen: Record<string, string> = {};
    app.use(
      traced(async function session(c, next) {
        seen.before = c.var.trace.spanId;
        await next();
        seen.after = c.var.trace.spanId;
      }),
    );
    app.get("/x", (c) => {
      seen.handler = c.var.trace.spanId;
      return c.text("x");
    });
    await request(app, "/x");
    const server = sink.spans.find((span) => span.kind === "server");
    const session = byName(sink.spans, "session");
    expect(seen).toEqual({
      before: session?.spanId,
      after: session?.spanId,
      handler: server?.spanId,
    });
  });

  it("records a throw on the middleware's span and re-throws it to Hono unchanged", async () => {
    const { app, sink } = tracedApp();
    const thrown = new Error("denied");
    let handled: unknown;
    app.use(
      traced(async function guard() {
        throw thrown;
      }),
    );
    app.get("/x", (c) => c.text("x"));
    app.onError((error, c) => {
      handled = error;
      return c.text("no", 403);
    });
    expect((await request(app, "/x")).status).toBe(403);
    expect(handled).toBe(thrown);
    expect(byName(sink.spans, "guard")?.status).toEqual({ code: "error", message: "denied" });
  });

  it("names a span after the name given, or 'middleware' for an anonymous function", async () => {
    const { app, sink } = tracedApp();
    const anonymous: MiddlewareHandler[] = [async (_c, next) => next()];
    app.use(
      traced(anonymous[0] as MiddlewareHandler),
      traced(async (_c, next) => next(), "rate-limit"),
    );
    app.get("/x", (c) => c.text("x"));
    await request(app, "/x");
    expect(sink.spans.map((span) => span.name).sort()).toEqual([
      "GET /x",
      "middleware",
      "rate-limit",
    ]);
  });

  it("W3C baggage is per request: baggage a traced() middleware sets reaches the handler and its calls", async () => {
    const { app } = tracedApp();
    const sent: string[] = [];
    app.use(
      traced(async function tenant(c, next) {
        c.var.trace.setBaggage("tenant", "acme");
        await next();
        // What the handler set is seen back in the middleware, after next().
        sent.push(c.var.trace.getBaggage("handled") ?? "none");
      }),
    );
    app.get("/x", (c) => {
      c.var.trace.setBaggage("handled", "yes");
      return c.text(`${c.var.trace.getBaggage("tenant")} ${c.var.trace.headers().baggage}`);
    });
    expect(await (await request(app, "/x")).text()).toBe("acme tenant=acme,handled=yes");
    expect(sent).toEqual(["yes"]);
  });

  it("runs the middleware as it is when no span records", async () => {
    const { app, sink } = tracedApp(false);
    let ran = false;
    app.use(
      traced(async function plain(_c, next) {
        ran = true;
        await next();
      }),
    );
    app.get("/x", (c) => c.text(c.var.trace.traceId));
    expect(await (await request(app, "/x")).text()).toMatch(/^[0-9a-f]{32}$/);
    expect(ran).toBe(true);
    expect(sink.spans).toEqual([]);
  });
});

describe("http.route through sub-routers", () => {
  it("is the full template through nested app.route(), with the sub-routers' own middleware and onError", async () => {
    const { app, sink } = tracedApp();
    const items = new Hono();
    items.use(
      traced(async function itemsAuth(_c, next) {
        await next();
      }),
    );
    items.get("/:id", (c) => c.text(`item ${c.req.param("id")}`));
    items.onError((_error, c) => c.text("items failed", 500));
    const api = new Hono();
    api.use(async (_c, next) => next());
    api.route("/items", items);
    app.route("/api/v1", api);
    expect(await (await request(app, "/api/v1/items/9")).text()).toBe("item 9");
    const server = sink.spans.find((span) => span.kind === "server");
    expect(server?.name).toBe("GET /api/v1/items/:id");
    expect(server?.attributes["http.route"]).toBe("/api/v1/items/:id");
    expect(byName(sink.spans, "itemsAuth")?.parentSpanId).toBe(server?.spanId);
  });

  it("is never overwritten by an outer traced app once a traced app further down set it", async () => {
    const { app: shop, sink } = tracedApp();
    const inner = new Hono();
    inner.use(tracing());
    inner.get("/orders/:id", (c) => c.text("order"));
    // The outer app hands the same request to another traced app, which reuses its trace.
    shop.all("/*", (c) => inner.fetch(c.req.raw));
    expect(await (await request(shop, "/orders/5")).text()).toBe("order");
    expect(sink.spans).toHaveLength(1);
    expect(sink.spans[0]?.attributes["http.route"]).toBe("/orders/:id");
    expect(sink.spans[0]?.name).toBe("GET /orders/:id");
  });
});
