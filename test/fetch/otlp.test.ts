/**
 * The whole long-running-server path with no options in code: OTEL_*
 * variables read from Deno.env / process.env, spans batched on the sink's
 * timer and exported as OTLP/HTTP JSON to a real receiver, and the last
 * spans exported before the process exits on its own.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { distDir, ensureBuild } from "../support/ensure-build.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import {
  nodeCopy,
  type RuntimeServer,
  runToExit,
  runtimes,
  startRuntime,
} from "./support/runtime.js";
import { inbound } from "./support/scenarios.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  await ensureBuild();
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx?.close());

const otelEnv = (service: string, delay = "100") => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
  OTEL_SERVICE_NAME: service,
  OTEL_BSP_SCHEDULE_DELAY: delay,
});

describe.each(["deno", "bun"] as const)("OTLP export from a %s server", (runtime) => {
  let server: RuntimeServer;
  beforeAll(async () => {
    server = await startRuntime(
      runtimes[runtime]("test/fetch/fixtures/otlp-server.ts"),
      otelEnv(`edge-${runtime}`),
    );
  });
  afterAll(async () => {
    await server?.stop();
    expect(server?.child.exitCode !== null || server?.child.signalCode !== null).toBe(true);
  });

  it("exports withTrace's and tracing()'s server spans on the sink's timer, no flush() called", async () => {
    const plain = inbound(runtime === "deno" ? 0x6001 : 0x6101);
    const hono = inbound(runtime === "deno" ? 0x6002 : 0x6102);
    await (await fetch(`${server.url}/plain`, { headers: { traceparent: plain.header } })).text();
    await (await fetch(`${server.url}/hono/1`, { headers: { traceparent: hono.header } })).text();

    await rx.waitForSpans(2, 5_000);
    expect(rx.problems()).toEqual([]);
    const spans = rx.spans();
    expect(spans.find((s) => s.traceId === plain.traceId)).toMatchObject({
      name: "GET",
      parentSpanId: plain.spanId,
      resource: { "service.name": `edge-${runtime}` },
    });
    expect(spans.find((s) => s.traceId === hono.traceId)).toMatchObject({
      name: "GET /hono/:id",
      parentSpanId: hono.spanId,
    });
  });
});

describe("OTLP export before the process exits on its own", () => {
  // A 10-minute batch delay: the process still exits at once (the timer does not hold it)
  // and the span arrives, so the beforeExit flush sent it.
  const expectExported = async (result: { code: number | null; output: string }) => {
    expect(result.output).toBe("served 200\n");
    expect(result.code).toBe(0);
    await rx.waitForSpans(1, 2_000);
    expect(rx.problems()).toEqual([]);
    expect(rx.spans()[0]).toMatchObject({ name: "GET", attributes: { "url.path": "/exit" } });
  };
  const fixture = "test/fetch/fixtures/exit-otlp.ts";

  it.each(["deno", "bun"] as const)("in %s", async (runtime) => {
    await expectExported(await runToExit(runtimes[runtime](fixture), otelEnv("exit", "600000")));
  });

  it("in node", async () => {
    const result = await runToExit(runtimes.node(await nodeCopy(fixture)), {
      ...otelEnv("exit", "600000"),
      DIST_FETCH_URL: pathToFileURL(join(distDir, "fetch.js")).href,
    });
    await expectExported(result);
  });
});
