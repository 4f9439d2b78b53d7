/**
 * Logs and metrics from the fetch adapter and Hono, run in Node, at a real
 * OTLP receiver: delta temporality, the cardinality limit, dropped records
 * reported, and the caller's route across two services.
 */
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { outboundPolicy } from "../../src/core/outbound.js";
import { withTrace } from "../../src/fetch.js";
import { tracing } from "../../src/hono.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import type { DiagnosticEvent } from "../../src/otlp.js";
import { otlp } from "../../src/otlp.js";
import {
  type OtlpReceiver,
  startOtlpReceiver,
  validateOtlpJson,
} from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx.close());

const quiet = { logWriter: () => {}, flushOnExit: false } as const;

describe("fetch adapter (Node): metrics", () => {
  it("exports delta points: each flush holds only what came after the last", async () => {
    const handler = withTrace(() => new Response("ok"), {
      ...quiet,
      exporter: otlp({ endpoint: rx.url, metrics: httpMetrics(), scheduledDelayMs: 0 }),
    });
    await handler(new Request("http://shop.test/a"), undefined);
    await handler(new Request("http://shop.test/a"), undefined);
    await handler.flush();
    await handler(new Request("http://shop.test/a", { method: "POST" }), undefined);
    await handler.flush();
    await handler.flush(); // nothing new: no request
    expect(rx.problems()).toEqual([]);
    const posts = rx.requests.filter((r) => r.path === "/v1/metrics");
    expect(posts).toHaveLength(2);
    const [first, second] = rx.points();
    expect([first!.count, first!.attributes["http.request.method"]]).toEqual([2, "GET"]);
    expect([second!.count, second!.attributes["http.request.method"]]).toEqual([1, "POST"]);
    expect(BigInt(second!.startTimeUnixNano)).toBe(BigInt(first!.timeUnixNano));
    expect(first!.explicitBounds).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
    ]);
    expect(first!.bucketCounts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("puts attribute sets past the cardinality limit in the overflow point", async () => {
    const handler = withTrace(
      (request: Request, _info: unknown, trace) => {
        trace.setRoute("GET", new URL(request.url).pathname);
        return new Response("ok");
      },
      {
        ...quiet,
        exporter: otlp({ endpoint: rx.url, metrics: httpMetrics({ cardinalityLimit: 3 }) }),
      },
    );
    for (const path of ["/a", "/b", "/c", "/d", "/a"]) {
      await handler(new Request(`http://shop.test${path}`), undefined);
    }
    await handler.flush();
    expect(rx.problems()).toEqual([]);
    const points = rx.points().map((p) => [p.attributes["http.route"] ?? "overflow", p.count]);
    expect(points).toEqual([
      ["/a", 2],
      ["/b", 1],
      ["overflow", 2],
    ]);
    expect(rx.points()[2]!.attributes).toEqual({ "otel.metric.overflow": true });
  });

  it("reports records dropped from a full log buffer through onError", async () => {
    const events: DiagnosticEvent[] = [];
    const handler = withTrace(
      (_request: Request, _info: unknown, trace) => {
        for (let i = 0; i < 5; i++) trace.log.info(`line ${i}`);
        return new Response("ok");
      },
      {
        ...quiet,
        exporter: otlp({
          endpoint: rx.url,
          logs: otlpLogs({ maxQueueSize: 3 }),
          scheduledDelayMs: 600_000,
          onError: (e) => events.push(e),
        }),
      },
    );
    await handler(new Request("http://shop.test/"), undefined);
    await handler.flush();
    expect(rx.logs().map((l) => l.body)).toEqual(["line 0", "line 1", "line 2"]);
    expect(events).toContainEqual({
      type: "signal-dropped",
      signal: "logs",
      count: 2,
      reason: "queue-full",
    });
  });

  it("keeps at most two log exports waiting on a collector that hangs; the rest stay buffered", async () => {
    rx.failNext("hang", { times: 50 });
    const handler = withTrace(
      (_request: Request, _info: unknown, trace) => {
        trace.log.info("hello");
        return new Response("ok");
      },
      {
        ...quiet,
        exporter: otlp({
          endpoint: rx.url,
          logs: otlpLogs(),
          // No timer flush racing the test's own flushes.
          scheduledDelayMs: 600_000,
          timeoutMs: 1_000,
        }),
      },
    );
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      await handler(new Request("http://shop.test/"), undefined);
      flushes.push(handler.flush(Date.now() + 1_000));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const logPosts = () => rx.requests.filter((r) => r.path === "/v1/logs");
    expect(logPosts()).toHaveLength(2);
    await Promise.all(flushes); // each gives up by its deadline
    rx.reset();
    await handler.flush();
    // The three records the skipped flushes left behind go out with the next one.
    expect(rx.logs()).toHaveLength(3);
  });

  it("the schema check rejects a histogram whose counts are not integers", () => {
    const body = {
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: "x", histogram: { dataPoints: [{ bucketCounts: ["1.5"] }] } }] },
          ],
        },
      ],
    };
    expect(validateOtlpJson(body, "metrics")).not.toEqual([]);
  });
});

describe("caller route across two services", () => {
  /** Service B ("catalog", Hono) is called in-process by service A ("shop", fetch adapter). */
  function services(callerRoute: boolean) {
    const catalog = new Hono();
    const middleware = tracing({
      ...quiet,
      exporter: otlp({
        endpoint: rx.url,
        serviceName: "catalog",
        metrics: httpMetrics({ callerRoute }),
        logs: otlpLogs(),
        scheduledDelayMs: 600_000, // flushed by the test, not a timer
      }),
    });
    catalog.use(middleware);
    catalog.get("/product/:id", (c) => {
      c.var.trace.log.info("product read", { id: c.req.param("id") });
      return c.json({
        baggage: c.req.header("baggage") ?? null,
        passedOn: c.var.trace.getBaggage("edge-trace.caller.route") ?? null,
      });
    });
    const shop = withTrace(
      async (request: Request, _info: unknown, trace) => {
        const path = new URL(request.url).pathname;
        trace.setRoute(request.method, path === "/checkout" ? "/checkout" : "/cart/add");
        return trace.fetch("http://catalog.internal/product/7");
      },
      {
        ...quiet,
        exporter: otlp({
          endpoint: rx.url,
          serviceName: "shop",
          metrics: httpMetrics({ callerRoute }),
        }),
        outbound: outboundPolicy({ traceContext: true, baggage: ["catalog.internal"] }),
        fetch: async (input, init) => catalog.request(new Request(input, init)),
      },
    );
    return { catalog, shop, middleware };
  }

  it("breaks the callee's server metric down by the caller's route; * when unknown", async () => {
    const { catalog, shop, middleware } = services(true);
    const first = await shop(
      new Request("http://shop.test/cart/add", { method: "POST" }),
      undefined,
    );
    // Sent as a baggage member; the callee takes it out of what it passes on.
    expect(await first.json()).toEqual({
      baggage: "edge-trace.caller.route=POST%20/cart/add",
      passedOn: null,
    });
    await shop(new Request("http://shop.test/cart/add", { method: "POST" }), undefined);
    await shop(new Request("http://shop.test/checkout"), undefined);
    await catalog.request("http://catalog.internal/product/9"); // no caller
    await shop.flush();
    // Outside Workers the middleware flushes on its timer, on flush() and at exit.
    await middleware.flush();
    expect(rx.problems()).toEqual([]);
    const table = rx
      .points()
      .filter((p) => p.resource["service.name"] === "catalog")
      .filter((p) => p.name === "http.server.request.duration")
      .map(
        (p) =>
          `${p.attributes["edge_trace.caller.route"]} > GET ${p.attributes["http.route"]}: ${p.count}`,
      )
      .sort();
    expect(table).toEqual([
      "* > GET /product/:id: 1",
      "GET /checkout > GET /product/:id: 1",
      "POST /cart/add > GET /product/:id: 2",
    ]);
    const logs = rx.logs().filter((l) => l.resource["service.name"] === "catalog");
    expect(logs).toHaveLength(4);
    const spans = rx.spans();
    for (const log of logs) expect(spans.some((s) => s.traceId === log.traceId)).toBe(true);
  });

  it("sends no route without the opt-in", async () => {
    const { shop } = services(false);
    const response = await shop(new Request("http://shop.test/checkout"), undefined);
    expect(((await response.json()) as { baggage: string | null }).baggage).toBeNull();
  });
});
