/**
 * What `tracing()` must do on every Hono runtime, written once and run
 * against the fixture app served by workerd, Deno and Bun.
 */
import { expect, it } from "vitest";
import { parseTraceparent } from "../../../src/core/w3c/traceparent.js";
import type { FinishedSpan } from "../../../src/trace/span-data.js";
import { inbound } from "../../fetch/support/scenarios.js";
import type { startCollector, startEcho } from "../../fetch/support/servers.js";

/** Getters, because the servers start in `beforeAll`. */
export interface HonoSetup {
  url(): string;
  echo(): Awaited<ReturnType<typeof startEcho>>;
  collector(): Awaited<ReturnType<typeof startCollector>>;
}

/** Defines the shared tests; `seed` keeps trace ids distinct between runtimes. */
export function honoScenarios(setup: HonoSetup, seed: number): void {
  const spansOf = async (flushPath: string, traceId: string, count: number) => {
    expect((await fetch(`${setup.url()}${flushPath}`)).status).toBe(204);
    const all = await setup.collector().waitFor((spans) => {
      return spans.filter((span) => span.traceId === traceId).length >= count;
    });
    return all.filter((span) => span.traceId === traceId);
  };
  const server = (spans: FinishedSpan[]) => spans.filter((span) => span.kind === "server");

  it("names the server span after the route and injects the client span into c.var.trace.fetch", async () => {
    const { traceId, spanId, header } = inbound(seed + 1);
    const response = await fetch(`${setup.url()}/users/42`, {
      headers: { traceparent: header, baggage: "user=alice" },
    });
    const body = (await response.json()) as { traceId: string; spanId: string };
    expect(body.traceId).toBe(traceId);

    const call = setup.echo().calls.find((c) => c.headers.traceparent?.includes(traceId));
    expect(call?.url.searchParams.get("id")).toBe("42");
    expect(call?.headers.baggage).toBe("user=alice");

    const spans = await spansOf("/flush", traceId, 2);
    const [serverSpan] = server(spans);
    const clientSpan = spans.find((span) => span.kind === "client");
    expect(serverSpan).toMatchObject({
      name: "GET /users/:id",
      spanId: body.spanId,
      parentSpanId: spanId,
    });
    expect(serverSpan?.attributes).toMatchObject({
      "http.route": "/users/:id",
      "http.response.status_code": 200,
      "url.path": "/users/42",
    });
    expect(clientSpan?.parentSpanId).toBe(serverSpan?.spanId);
    expect(parseTraceparent(call?.headers.traceparent)?.spanId).toBe(clientSpan?.spanId);
  });

  it("marks an error that app.onError turned into a 500", async () => {
    const { traceId, header } = inbound(seed + 2);
    const response = await fetch(`${setup.url()}/boom`, { headers: { traceparent: header } });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("handled: the same error");

    const [span] = await spansOf("/flush", traceId, 1);
    expect(span).toMatchObject({ name: "GET /boom", status: { code: "error", message: "boom" } });
    expect(span?.attributes).toMatchObject({
      "http.route": "/boom",
      "http.response.status_code": 500,
      "error.type": "BoomError",
    });
    expect(span?.events.map((event) => event.attributes["exception.message"])).toEqual(["boom"]);
  });

  it("inside withTrace from edge-trace/fetch, reuses the outer trace: one server span, named by route", async () => {
    const { traceId, spanId, header } = inbound(seed + 3);
    const response = await fetch(`${setup.url()}/nested/users/7`, {
      headers: { traceparent: header },
    });
    const body = (await response.json()) as { traceId: string; spanId: string };
    expect(body.traceId).toBe(traceId);

    const spans = await spansOf("/nested/flush", traceId, 2);
    expect(server(spans)).toHaveLength(1);
    const [serverSpan] = server(spans);
    expect(serverSpan).toMatchObject({
      name: "GET /nested/users/:id",
      spanId: body.spanId,
      parentSpanId: spanId,
    });
    expect(serverSpan?.attributes["http.route"]).toBe("/nested/users/:id");
    const clientSpan = spans.find((span) => span.kind === "client");
    expect(clientSpan?.parentSpanId).toBe(serverSpan?.spanId);
  });

  it("inside withTrace, still records the error app.onError handled", async () => {
    const { traceId, header } = inbound(seed + 4);
    const response = await fetch(`${setup.url()}/nested/boom`, {
      headers: { traceparent: header },
    });
    expect(response.status).toBe(500);
    await response.text();

    const spans = await spansOf("/nested/flush", traceId, 1);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: "GET /nested/boom", status: { code: "error" } });
    expect(spans[0]?.events[0]?.attributes["exception.type"]).toBe("BoomError");
  });

  it("names the span with the full route through sub-routers and nests traced middleware spans", async () => {
    const { traceId, header } = inbound(seed + 5);
    const response = await fetch(`${setup.url()}/api/v1/items/9`, {
      headers: { traceparent: header },
    });
    expect(await response.text()).toBe("item 9");

    const spans = await spansOf("/flush", traceId, 4);
    const [serverSpan] = server(spans);
    expect(serverSpan?.name).toBe("GET /api/v1/items/:id");
    expect(serverSpan?.attributes["http.route"]).toBe("/api/v1/items/:id");
    const auth = spans.find((span) => span.name === "auth");
    const audit = spans.find((span) => span.name === "audit");
    expect(auth?.parentSpanId).toBe(serverSpan?.spanId);
    expect(audit?.parentSpanId).toBe(auth?.spanId);
    // The route handler's trace is the server span's, not a middleware's.
    expect(spans.find((span) => span.kind === "client")?.parentSpanId).toBe(serverSpan?.spanId);
  });

  it("ends the server span when the streamed body has been sent", async () => {
    const { traceId, header } = inbound(seed + 6);
    const started = Date.now();
    const response = await fetch(`${setup.url()}/stream`, { headers: { traceparent: header } });
    expect(await response.text()).toBe("1234");
    const elapsed = Date.now() - started;

    const [span] = server(await spansOf("/flush", traceId, 1));
    expect(span?.attributes["http.response.status_code"]).toBe(200);
    // Five pulls 50 ms apart: the span covers the body, not just the handler.
    expect(span && span.endTime - span.startTime).toBeGreaterThanOrEqual(200);
    expect(span && span.endTime - span.startTime).toBeLessThanOrEqual(elapsed + 5);
  });
}
