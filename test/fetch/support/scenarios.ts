/**
 * The behaviour every fetch-handler runtime must show, written once and run
 * against a fixture server in Deno and in Bun.
 */
import { expect, it } from "vitest";
import { parseTraceparent } from "../../../src/core/w3c/traceparent.js";
import type { RuntimeServer } from "./runtime.js";
import type { startCollector, startEcho } from "./servers.js";

/** What the scenarios need; getters, because servers start in `beforeAll`. */
export interface ScenarioSetup {
  server(): RuntimeServer;
  echo(): Awaited<ReturnType<typeof startEcho>>;
  collector(): Awaited<ReturnType<typeof startCollector>>;
}

/** A fresh inbound traceparent with recognisable ids. */
export function inbound(n: number): { traceId: string; spanId: string; header: string } {
  const traceId = n.toString(16).padStart(8, "0").repeat(4);
  const spanId = `${n.toString(16).padStart(8, "0")}bbbbbbbb`;
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

/** Flushes the fixture's sink through the `flush()` under test, then waits for spans. */
async function flushed(setup: ScenarioSetup, traceId: string, count: number) {
  const response = await fetch(`${setup.server().url}/flush`);
  expect(response.status).toBe(204);
  const all = await setup.collector().waitFor((spans) => {
    return spans.filter((span) => span.traceId === traceId).length >= count;
  });
  return all.filter((span) => span.traceId === traceId);
}

/** Defines the shared tests. */
export function fetchHandlerScenarios(setup: ScenarioSetup): void {
  it("continues the inbound trace and injects the client span as the callee's parent", async () => {
    const { traceId, spanId, header } = inbound(0x1001);
    const response = await fetch(`${setup.server().url}/call?id=continue`, {
      headers: { traceparent: header, baggage: "user=alice,tier=gold" },
    });
    const body = (await response.json()) as { traceId: string; spanId: string };
    expect(body.traceId).toBe(traceId);

    // What the echo server itself received, not what the fixture says it sent.
    const call = setup.echo().calls.find((c) => c.url.searchParams.get("id") === "continue");
    const sent = parseTraceparent(call?.headers.traceparent);
    expect(sent?.traceId).toBe(traceId);
    expect(call?.headers.baggage).toBe("user=alice,tier=gold");

    const spans = await flushed(setup, traceId, 2);
    const serverSpan = spans.find((span) => span.kind === "server");
    const clientSpan = spans.find((span) => span.kind === "client");
    expect(serverSpan).toMatchObject({ parentSpanId: spanId, spanId: body.spanId, name: "GET" });
    expect(serverSpan?.attributes["http.response.status_code"]).toBe(200);
    expect(clientSpan?.parentSpanId).toBe(serverSpan?.spanId);
    expect(sent?.spanId).toBe(clientSpan?.spanId);
    expect(sent?.spanId).not.toBe(serverSpan?.spanId);
  });

  it("starts a new trace when the inbound traceparent is invalid", async () => {
    const response = await fetch(`${setup.server().url}/seen`, {
      headers: { traceparent: `00-${"0".repeat(32)}-${"1".repeat(16)}-01` },
    });
    const body = (await response.json()) as { traceId: string };
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.traceId).not.toBe("0".repeat(32));
  });

  it("streams the response body: the first chunk arrives before the stream ends", async () => {
    const decoder = new TextDecoder();
    const firstChunk = async () => {
      const response = await fetch(`${setup.server().url}/stream`);
      const reader = response.body!.getReader();
      return { reader, first: await reader.read() };
    };
    // Until /release, the stream cannot end: a buffered body would never arrive.
    const { reader, first } = await Promise.race([
      firstChunk(),
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error("body buffered")), 5_000)),
    ]);
    expect(decoder.decode(first.value)).toBe("first\n");
    await (await fetch(`${setup.server().url}/release`)).text();
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    expect(rest).toBe("second\n");
  });

  it("leaves the request body for the handler to read", async () => {
    const response = await fetch(`${setup.server().url}/body`, { method: "POST", body: "hello" });
    expect(await response.text()).toBe("read: hello");
  });

  it("re-throws handler errors unchanged to the runtime's error handler and records them", async () => {
    const { traceId, header } = inbound(0x1002);
    const response = await fetch(`${setup.server().url}/throw`, {
      headers: { traceparent: header },
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("handled: the same error");

    const [span] = await flushed(setup, traceId, 1);
    expect(span?.status).toEqual({ code: "error", message: "boom" });
    expect(span?.attributes["error.type"]).toBe("BoomError");
    expect(span?.attributes["http.response.status_code"]).toBe(500);
    expect(span?.events[0]).toMatchObject({
      name: "exception",
      attributes: { "exception.type": "BoomError", "exception.message": "boom" },
    });
  });
}
