/**
 * instrumentGlobalFetch: with the `nodejs_als` flag, plain `fetch()` inside
 * a handler injects its own request's context (and only inside a traced
 * handler); without AsyncLocalStorage the option changes nothing.
 */
import { describe, expect, it } from "vitest";
import { backendWorker, frontendWorker, hex, traceparent, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [
  frontendWorker(c, {
    name: "with-als",
    vars: { GLOBAL_FETCH: "on" },
    compatibilityFlags: ["nodejs_als"],
  }),
  frontendWorker(c, { name: "without-als", vars: { GLOBAL_FETCH: "on" } }),
  backendWorker(c),
]);

interface Result {
  server: { traceId: string; spanId: string };
  plain: { traceparent?: string };
  explicit: { traceparent?: string };
}

async function call(worker: string, path: string, traceId?: string): Promise<Response> {
  const fetcher = await stack.mf().getWorker(worker);
  const headers: Record<string, string> = traceId
    ? { traceparent: traceparent(traceId, hex(16)) }
    : {};
  return (await fetcher.fetch(`http://${worker}.test${path}`, { headers })) as unknown as Response;
}

describe("with nodejs_als", () => {
  it("injects into plain fetch, per request, recording each call once", async () => {
    const traceIds = Array.from({ length: 50 }, () => hex(32));
    const results = await Promise.all(
      traceIds.map(async (traceId) => {
        const response = await call("with-als", "/global-fetch", traceId);
        expect(response.status).toBe(200);
        return { traceId, result: (await response.json()) as Result };
      }),
    );
    for (const { traceId, result } of results) {
      expect(result.plain.traceparent?.split("-")[1]).toBe(traceId);
      expect(result.explicit.traceparent?.split("-")[1]).toBe(traceId);
    }
    const result = results[0]?.result as Result;
    const clients = await stack.collector().waitFor(() => {
      const found = stack
        .collector()
        .spans.filter(
          (span) => span.kind === "client" && span.parentSpanId === result.server.spanId,
        );
      return found.length === 2 ? found : undefined;
    });
    const parents = clients.map((span) => span.spanId);
    expect(parents).toContain(result.plain.traceparent?.split("-")[2]);
    expect(parents).toContain(result.explicit.traceparent?.split("-")[2]);
    // trace.fetch is not recorded a second time by the patched global fetch.
    expect(
      stack.collector().spans.filter((span) => parents.includes(span.parentSpanId ?? "")),
    ).toEqual([]);
    // The flush's own requests are not traced.
    expect(
      stack
        .collector()
        .spans.some((span) => String(span.attributes["url.full"]).includes("/spans")),
    ).toBe(false);
  });

  it("leaves fetch outside a traced handler alone", async () => {
    await (await call("with-als", "/global-fetch", hex(32))).arrayBuffer();
    const echoed = (await (await call("with-als", "/untraced-fetch")).json()) as {
      traceparent?: string;
    };
    expect(echoed.traceparent).toBeUndefined();
  });
});

describe("without AsyncLocalStorage", () => {
  it("changes nothing: plain fetch is not injected, trace.fetch still is", async () => {
    const traceId = hex(32);
    const response = await call("without-als", "/global-fetch", traceId);
    const result = (await response.json()) as Result;
    expect(result.plain.traceparent).toBeUndefined();
    expect(result.explicit.traceparent?.split("-")[1]).toBe(traceId);
  });
});
