/**
 * The bridge in real workerd (Miniflare, `nodejs_als`), with
 * @opentelemetry/api 1.10 bundled into the Worker: 120 overlapping requests
 * with awaits between span starts keep their trees apart; scheduled and
 * Durable Object invocations run with their span active; a Worker without
 * AsyncLocalStorage fails at start-up with a message that says why.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { hex } from "../workers/harness.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

async function bundle(name: string): Promise<string> {
  const result = await build({
    entryPoints: [`${fixtures}${name}.ts`],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    external: ["cloudflare:*", "node:*"],
    // The 1.10 API, installed as `otel-api-1-10`, is the Worker's `@opentelemetry/api`.
    alias: { "@opentelemetry/api": "otel-api-1-10" },
    keepNames: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("edge-trace/opentelemetry in workerd with @opentelemetry/api 1.10", () => {
  let receiver: OtlpReceiver;
  let mf: Miniflare;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      modules: [
        { type: "ESModule", path: `${fixtures}worker.mjs`, contents: await bundle("worker") },
      ],
      compatibilityDate: "2025-04-01",
      compatibilityFlags: ["nodejs_als"],
      bindings: { OTLP_URL: receiver.url },
      durableObjects: { COUNTER: "TracedCounter" },
    });
    await mf.ready;
  }, 60_000);

  afterAll(async () => {
    await mf?.dispose();
    await receiver?.close();
  });

  it("keeps 120 overlapping requests apart: each sees and exports only its own trace, as one tree", async () => {
    const traceIds = Array.from({ length: 120 }, () => hex(32));
    const results = await Promise.all(
      traceIds.map(async (traceId, i) => {
        const response = await mf.dispatchFetch(`http://worker.test/?delay=${i % 7}`, {
          headers: { traceparent: `00-${traceId}-${hex(16)}-01`, baggage: `request=${i}` },
        });
        return {
          traceId,
          i,
          body: (await response.json()) as {
            serverSpanId: string;
            seen: ({ traceId: string; spanId: string } | undefined)[];
            traceparent: string;
            baggage: string;
          },
        };
      }),
    );
    for (const { traceId, i, body } of results) {
      expect(body.seen).toHaveLength(4);
      for (const seen of body.seen) expect(seen?.traceId).toBe(traceId);
      expect(body.seen[0]?.spanId).toBe(body.serverSpanId);
      expect(body.traceparent.split("-")[1]).toBe(traceId);
      expect(body.baggage).toBe(`request=${i}`);
    }
    // Four spans per request: server, api-outer, edge-middle, api-inner.
    await receiver.waitForSpans(traceIds.length * 4, 20_000);
    expect(receiver.problems()).toEqual([]);
    const spans = receiver.spans();
    for (const { traceId, body } of results) {
      const mine = spans.filter((span) => span.traceId === traceId);
      const named = (name: string) => mine.find((span) => span.name === name);
      expect(mine).toHaveLength(4);
      const outer = named("api-outer")!;
      const middle = named("edge-middle")!;
      const inner = named("api-inner")!;
      expect(outer.parentSpanId).toBe(body.serverSpanId);
      expect(middle.parentSpanId).toBe(outer.spanId);
      expect(inner.parentSpanId).toBe(middle.spanId);
      expect(outer.scope).toMatchObject({ name: "fixture-lib", version: "0.0.1" });
      expect(middle.scope).toMatchObject({ name: "edge-trace" });
      expect(body.seen[1]?.spanId).toBe(outer.spanId);
      expect(body.seen[2]?.spanId).toBe(middle.spanId);
      expect(body.seen[3]?.spanId).toBe(inner.spanId);
    }
  });

  it("runs a Durable Object's method and a scheduled handler with their spans active", async () => {
    const traceId = hex(32);
    const response = await mf.dispatchFetch("http://worker.test/durable", {
      headers: { traceparent: `00-${traceId}-${hex(16)}-01` },
    });
    const body = (await response.json()) as { traceId: string; parent: string };
    expect(body.traceId).toBe(traceId);
    await receiver.waitFor(
      () => receiver.spans().some((span) => span.name === "api-in-durable-object"),
      "the Durable Object's API span",
    );
    const inDurable = receiver.spans().find((span) => span.name === "api-in-durable-object")!;
    expect(inDurable.traceId).toBe(traceId);
    expect(inDurable.parentSpanId).toBe(body.parent);

    const scheduled = await mf.getWorker();
    await scheduled.scheduled({ cron: "* * * * *" });
    await receiver.waitFor(
      () => receiver.spans().some((span) => span.name === "api-in-scheduled"),
      "the scheduled handler's API span",
    );
    const spans = receiver.spans();
    const api = spans.find((span) => span.name === "api-in-scheduled")!;
    const cron = spans.find((span) => span.spanId === api.parentSpanId);
    expect(cron?.name).toBe("scheduled * * * * *");
    expect(cron?.attributes["saw.active"]).toBe(true);
  });
});

describe("a Worker without AsyncLocalStorage", () => {
  it("fails at start-up with an error naming the missing flag, never losing spans in silence", async () => {
    let logged = "";
    const mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      modules: [
        {
          type: "ESModule",
          path: `${fixtures}no-als.mjs`,
          contents: await bundle("no-als-worker"),
        },
      ],
      compatibilityDate: "2025-04-01",
      // workerd reports a Worker that throws at start-up on its own stderr.
      handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
        stdout.resume();
        stderr.on("data", (chunk: Buffer) => {
          logged += chunk.toString();
        });
      },
    });
    let failure: unknown;
    try {
      await mf.ready;
      await mf.dispatchFetch("http://worker.test/");
    } catch (error) {
      failure = error;
    }
    // A runtime that never started rejects dispose() with the same start-up failure.
    await mf.dispose().catch(() => undefined);
    expect(failure).toBeDefined();
    expect(logged).toMatch(
      /Uncaught TypeError: edge-trace\/opentelemetry: openTelemetry\(\) needs \{ AsyncLocalStorage \}.*nodejs_als or nodejs_compat/,
    );
  });
});
