/**
 * edge-trace/hono on Node: Hono's own `app.request()` / `app.fetch()` with
 * real Request objects (that is Hono on Node), against src/.
 */
import { type ExecutionContext, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { withTrace } from "../../src/fetch.js";
import { type HonoConfig, type Trace, tracing } from "../../src/hono.js";
import { startEcho } from "../fetch/support/servers.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;

let echo: Awaited<ReturnType<typeof startEcho>>;
beforeAll(async () => {
  echo = await startEcho();
});
afterAll(() => echo.close());

/**
 * What a server does with the response: sends its body. The server span
 * of a streamed body ends only then (a copy is read, so tests can still
 * read the response).
 */
async function served<R extends Response | undefined>(response: R | Promise<R>): Promise<R> {
  const settled = await response;
  await settled?.clone().arrayBuffer();
  return settled;
}

function tracedApp<B>(options: HonoConfig<B> = {}) {
  const sink = collectingSink();
  const config =
    typeof options === "function"
      ? options
      : { flushOnExit: false, exporter: sinkExporter(sink), ...options };
  const app = new Hono();
  const middleware = tracing(config);
  app.use(middleware);
  return { app, sink, middleware };
}

describe("tracing() on Node", () => {
  it("names the span after the route, sets http.route and injects through c.var.trace.fetch", async () => {
    const { app, sink } = tracedApp();
    app.get("/users/:id", async (c) => {
      expectTypeOf(c.var.trace).toEqualTypeOf<Trace>();
      const echoed = await c.var.trace.fetch(`${echo.url}/echo?id=${c.req.param("id")}`);
      return c.json(await echoed.json());
    });
    const response = await served(app.request("/users/42", { headers: { traceparent } }));
    expect(response.status).toBe(200);

    const server = sink.spans.find((span) => span.kind === "server");
    const client = sink.spans.find((span) => span.kind === "client");
    expect(server).toMatchObject({
      name: "GET /users/:id",
      traceId: TRACE_ID,
      parentSpanId: PARENT_ID,
    });
    expect(server?.attributes["http.route"]).toBe("/users/:id");
    const sent = parseTraceparent(echo.calls.at(-1)?.headers.traceparent);
    expect(sent).toMatchObject({ traceId: TRACE_ID, spanId: client?.spanId });
    expect(client?.parentSpanId).toBe(server?.spanId);
  });

  it("names routes of mounted sub-apps with their full template", async () => {
    const { app, sink } = tracedApp();
    const api = new Hono();
    api.get("/items/:id", (c) => c.text("item"));
    app.route("/api", api);
    await served(app.request("/api/items/9"));
    expect(sink.spans[0]).toMatchObject({ name: "GET /api/items/:id" });
  });

  it("names a middleware that answered on its own after its pattern", async () => {
    const { app, sink } = tracedApp();
    app.use("/admin/*", async (c) => c.text("forbidden", 403));
    app.get("/admin/panel", (c) => c.text("panel"));
    expect((await served(app.request("/admin/panel"))).status).toBe(403);
    expect(sink.spans[0]).toMatchObject({ name: "GET /admin/*", status: { code: "unset" } });
  });

  it("gives a 404 no route, even behind a catch-all middleware", async () => {
    const { app, sink } = tracedApp();
    app.use(async (_c, next) => next());
    app.get("/known", (c) => c.text("known"));
    expect((await served(app.request("/unknown", { method: "POST" }))).status).toBe(404);
    expect(sink.spans[0]?.name).toBe("POST");
    expect(sink.spans[0]?.attributes["http.route"]).toBeUndefined();
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBe(404);
  });

  it("marks an error handled by app.onError with the status it answered", async () => {
    const { app, sink } = tracedApp();
    const error = new TypeError("bad");
    app.get("/fail", () => {
      throw error;
    });
    app.onError((e, c) => c.text(e === error ? "same" : "other", 503));
    const response = await served(app.request("/fail"));
    expect(await response.text()).toBe("same");
    expect(sink.spans[0]).toMatchObject({
      name: "GET /fail",
      status: { code: "error", message: "bad" },
    });
    expect(sink.spans[0]?.attributes).toMatchObject({
      "http.response.status_code": 503,
      "error.type": "TypeError",
    });
  });

  it("marks an error handled by Hono's default handler as a 500", async () => {
    const { app, sink } = tracedApp();
    app.get("/fail", () => {
      throw new Error("default");
    });
    expect((await served(app.request("/fail"))).status).toBe(500);
    expect(sink.spans[0]?.status.code).toBe("error");
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBe(500);
  });

  it("records an HTTPException answered with a 4xx as an event, not a server error", async () => {
    const { app, sink } = tracedApp();
    app.get("/secret", () => {
      throw new HTTPException(401, { message: "no token" });
    });
    expect((await served(app.request("/secret"))).status).toBe(401);
    expect(sink.spans[0]?.status.code).toBe("unset");
    expect(sink.spans[0]?.events[0]?.attributes["exception.message"]).toBe("no token");
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBe(401);
  });

  it("re-throws what Hono does not handle (a non-Error) unchanged, recorded", async () => {
    const { app, sink } = tracedApp();
    const thrown = { reason: "not an Error" };
    app.get("/odd", () => {
      throw thrown;
    });
    await expect(app.fetch(new Request("http://127.0.0.1/odd"))).rejects.toBe(thrown);
    expect(sink.spans[0]).toMatchObject({ name: "GET /odd", status: { code: "error" } });
  });

  it("inside withTrace from edge-trace/fetch, reuses the outer trace and renames its span", async () => {
    const sink = collectingSink();
    const { app } = tracedApp({ exporter: sinkExporter(collectingSink()) });
    let inner: Trace | undefined;
    app.get("/orders/:id", (c) => {
      inner = c.var.trace;
      return c.text("order");
    });
    let outer: Trace | undefined;
    const handler = withTrace(
      (request: Request, _info: unknown, trace) => {
        outer = trace;
        return app.fetch(request);
      },
      { exporter: sinkExporter(sink), flushOnExit: false },
    );
    await served(
      handler(new Request("http://127.0.0.1/orders/5", { headers: { traceparent } }), undefined),
    );
    expect(inner).toBe(outer);
    expect(sink.spans).toHaveLength(1);
    expect(sink.spans[0]).toMatchObject({ name: "GET /orders/:id", parentSpanId: PARENT_ID });
    expect(sink.spans[0]?.attributes["http.route"]).toBe("/orders/:id");
  });

  it("used twice, opens one server span", async () => {
    const { app, sink } = tracedApp();
    app.use(tracing({ exporter: sinkExporter(sink), flushOnExit: false }));
    app.get("/twice", (c) => c.text("once"));
    await served(app.request("/twice"));
    expect(sink.spans).toHaveLength(1);
  });

  it("adds traceresponse when asked", async () => {
    const { app, sink } = tracedApp({ traceResponse: true });
    app.get("/", (c) => c.text("hi"));
    const response = await served(app.request("/", { headers: { traceparent } }));
    expect(response.headers.get("traceresponse")).toBe(
      `00-${TRACE_ID}-${sink.spans[0]?.spanId}-01`,
    );
    expect(await response.text()).toBe("hi");
  });

  it("honours the inbound policy", async () => {
    const { app, sink } = tracedApp({ inbound: "ignore" });
    app.get("/", (c) => c.text("hi"));
    await served(app.request("/", { headers: { traceparent } }));
    expect(sink.spans[0]?.traceId).not.toBe(TRACE_ID);
    expect(sink.spans[0]?.links[0]?.context.traceId).toBe(TRACE_ID);
  });
});

describe("configuration and flushing", () => {
  it("outside Workers, resolves once from the process environment and flushes on demand", async () => {
    process.env.EDGE_TRACE_HONO_PROBE = "node";
    const sink = collectingSink();
    const seen: unknown[] = [];
    const { app, middleware } = tracedApp((env: Record<string, unknown>) => {
      seen.push(env.EDGE_TRACE_HONO_PROBE);
      return { exporter: sinkExporter(sink), flushOnExit: false };
    });
    await middleware.flush(); // nothing resolved yet: a no-op
    app.get("/", (c) => c.text("hi"));
    // Bun passes its server and Deno its info where Workers pass bindings: not an env.
    await served(app.fetch(new Request("http://127.0.0.1/"), { server: true }));
    await served(app.fetch(new Request("http://127.0.0.1/"), { server: true }));
    expect(seen).toEqual(["node"]);
    await middleware.flush();
    expect(sink.flushes).toBe(1);
  });

  it("treats a config function that throws as no options: propagation still works", async () => {
    const { app } = tracedApp(() => {
      throw new Error("bad config");
    });
    app.get("/", (c) => c.text(c.var.trace.traceId));
    const response = await served(app.request("/", { headers: { traceparent } }));
    expect(await response.text()).toBe(TRACE_ID);
  });

  it("on Workers, resolves once per bindings object and flushes in waitUntil", async () => {
    const made: string[] = [];
    const sinks = new Map<string, ReturnType<typeof collectingSink>>();
    const { app } = tracedApp((env: { NAME: string }) => {
      made.push(env.NAME);
      const sink = collectingSink();
      sinks.set(env.NAME, sink);
      return { exporter: sinkExporter(sink) };
    });
    app.get("/", (c) => c.text("hi"));
    const pending: Promise<unknown>[] = [];
    // The one fake here: the real ExecutionContext is tested in workerd (workerd.test.ts).
    const ctx: ExecutionContext = {
      waitUntil: (p) => {
        pending.push(p);
      },
      passThroughOnException() {},
      props: {},
    };
    const a = { NAME: "a" };
    const b = { NAME: "b" };
    await served(app.fetch(new Request("http://127.0.0.1/"), a, ctx));
    await served(app.fetch(new Request("http://127.0.0.1/"), a, ctx));
    await served(app.fetch(new Request("http://127.0.0.1/"), b, ctx));
    await Promise.all(pending);
    expect(made).toEqual(["a", "b"]);
    expect(pending).toHaveLength(3);
    expect(sinks.get("a")).toMatchObject({ flushes: 2 });
    expect(sinks.get("a")?.spans).toHaveLength(2);
    expect(sinks.get("b")).toMatchObject({ flushes: 1 });
  });
});
