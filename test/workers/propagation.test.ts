/**
 * Propagation between two real Workers in workerd: a service binding, a
 * Durable Object (by id and by name), and JS-RPC with and without context.
 */
import { describe, expect, it } from "vitest";
import { backendWorker, frontendWorker, hex, traceparent, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [frontendWorker(c), backendWorker(c)]);

interface Ids {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

async function get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await stack.mf().dispatchFetch(`http://frontend.test${path}`, { headers });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

function clientSpanOf(server: Ids, nth = 0, service = "frontend") {
  return stack
    .collector()
    .waitFor(
      () =>
        stack
          .collector()
          .spans.filter(
            (span) =>
              span.service === service &&
              span.kind === "client" &&
              span.parentSpanId === server.spanId,
          )[nth],
    );
}

describe("service binding", () => {
  it("continues the inbound trace, and the callee's parent is the caller's client span", async () => {
    const traceId = hex(32);
    const inboundParent = hex(16);
    const result = await get<{
      server: Ids;
      backend: { headers: { traceparent: string }; trace: Ids; traceOfMatches: boolean };
    }>("/backend", { traceparent: traceparent(traceId, inboundParent) });

    expect(result.server.traceId).toBe(traceId);
    expect(result.server.parentSpanId).toBe(inboundParent);
    expect(result.backend.trace.traceId).toBe(traceId);
    expect(result.backend.traceOfMatches).toBe(true);

    const client = await clientSpanOf(result.server);
    expect(client.traceId).toBe(traceId);
    expect(result.backend.trace.parentSpanId).toBe(client.spanId);
    expect(result.backend.trace.parentSpanId).not.toBe(result.server.spanId);
    expect(result.backend.headers.traceparent).toBe(traceparent(traceId, client.spanId));
    expect(client.attributes["url.full"]).toBe("https://backend/echo");
    expect(client.attributes["http.response.status_code"]).toBe(200);
  });

  it("starts a new trace without inbound context and records the Workers attributes", async () => {
    const result = await get<{ server: Ids; backend: { trace: Ids } }>("/backend");
    expect(result.server.parentSpanId).toBeUndefined();
    expect(result.backend.trace.traceId).toBe(result.server.traceId);
    const server = await stack
      .collector()
      .waitForSpan((span) => span.spanId === result.server.spanId);
    expect(server.kind).toBe("server");
    expect(server.attributes).toMatchObject({
      "faas.trigger": "http",
      "cloud.provider": "cloudflare",
      "cloud.platform": "cloudflare.workers",
      "http.request.method": "GET",
      "url.path": "/backend",
      "http.response.status_code": 200,
    });
    // Miniflare's default `request.cf` has a colo.
    expect(typeof server.attributes["cloud.region"]).toBe("string");
    const backendServer = await stack
      .collector()
      .waitForSpan(
        (span) => span.service === "backend" && span.spanId === result.backend.trace.spanId,
      );
    expect(backendServer.kind).toBe("server");
  });

  it("takes cloud.region from the cf-ray header Cloudflare's edge sets (<ray id>-<colo>) without reading request.cf", async () => {
    const result = await get<{ server: Ids }>("/backend", { "cf-ray": "8f1c2a3b4d5e6f70-LHR" });
    const server = await stack
      .collector()
      .waitForSpan((span) => span.spanId === result.server.spanId);
    expect(server.attributes["cloud.region"]).toBe("LHR");
  });

  it("hands traceOf(request) the same trace as the fourth argument", async () => {
    const result = await get<{ sameAsTraceOf: boolean }>("/info");
    expect(result.sameAsTraceOf).toBe(true);
  });
});

describe("WorkerEntrypoint class", () => {
  it("gives this.env a view that injects from the instance's call", async () => {
    const backend = await stack.mf().getWorker("backend");
    const traceId = hex(32);
    const response = await backend.fetch("https://backend/hop", {
      headers: { traceparent: traceparent(traceId, hex(16)) },
    });
    const result = (await response.json()) as { trace: Ids; inner: { trace: Ids } };
    expect(result.trace.traceId).toBe(traceId);
    expect(result.inner.trace.traceId).toBe(traceId);
    const client = await clientSpanOf(result.trace, 0, "backend");
    expect(result.inner.trace.parentSpanId).toBe(client.spanId);
  });
});

describe("Durable Object stubs", () => {
  it("inject through get(id) and getByName(name)", async () => {
    const traceId = hex(32);
    const result = await get<{ server: Ids; viaGet: { trace: Ids }; viaName: { trace: Ids } }>(
      "/do",
      { traceparent: traceparent(traceId, hex(16)) },
    );
    const first = await clientSpanOf(result.server, 0);
    const second = await clientSpanOf(result.server, 1);
    expect(result.viaGet.trace.traceId).toBe(traceId);
    expect(result.viaName.trace.traceId).toBe(traceId);
    expect(result.viaGet.trace.parentSpanId).toBe(first.spanId);
    expect(result.viaName.trace.parentSpanId).toBe(second.spanId);
  });
});

describe("JS-RPC", () => {
  it("works through the env view without context: RPC stubs are not mistaken for fetchers", async () => {
    const result = await get<{
      greeting: { name: string; trace: Ids | null };
      echoed: { args: unknown[]; trace: Ids | null };
      counted: { count: number; trace: Ids | null };
    }>("/rpc-plain");
    expect(result.greeting.name).toBe("plain");
    // No context was sent, so nothing is appended and no span is started.
    expect(result.echoed.args).toEqual([1, "two"]);
    expect(result.greeting.trace).toBeNull();
    expect(result.counted.count).toBeGreaterThanOrEqual(1);
  });

  it("carries the caller's client span as the callee's parent, entrypoint and Durable Object", async () => {
    const traceId = hex(32);
    const result = await get<{
      server: Ids;
      greeting: { name: string; trace: Ids };
      echoed: { args: unknown[]; trace: Ids };
      counted: { count: number; trace: Ids };
    }>("/rpc", { traceparent: traceparent(traceId, hex(16)), baggage: "user=alice" });
    // The trailing context argument is removed before user code runs.
    expect(result.greeting.name).toBe("traced");
    expect(result.echoed.args).toEqual([{ a: 1 }, [2]]);
    expect(result.counted.count).toBeGreaterThanOrEqual(2);

    const clients = await stack.collector().waitFor(() => {
      const found = stack
        .collector()
        .spans.filter(
          (span) => span.kind === "client" && span.parentSpanId === result.server.spanId,
        );
      return found.length === 3 ? found : undefined;
    });
    const byName = (name: string) => clients.find((span) => span.name === name);
    for (const [callee, name] of [
      [result.greeting.trace, "BACKEND/greet"],
      [result.echoed.trace, "Fetcher/echoArgs"],
      [result.counted.trace, "COUNTER/increment"],
    ] as const) {
      expect(callee.traceId).toBe(traceId);
      expect(callee.parentSpanId).toBe(byName(name)?.spanId);
      expect((callee as Ids & { baggage?: string }).baggage).toBe("alice");
    }
    expect(byName("BACKEND/greet")?.attributes).toMatchObject({
      "rpc.system": "cloudflare_rpc",
      "rpc.service": "BACKEND",
      "rpc.method": "greet",
    });
    const serverSpan = await stack
      .collector()
      .waitForSpan((span) => span.spanId === result.counted.trace.spanId);
    expect(serverSpan).toMatchObject({
      service: "backend",
      kind: "server",
      name: "Counter/increment",
    });
  });
});
