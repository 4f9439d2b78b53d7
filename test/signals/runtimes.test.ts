/**
 * Logs and metrics from Deno and Bun servers (withTrace and Hono's
 * tracing(), loaded from dist/), configured by OTEL_* variables, at a real
 * receiver: on the servers' timers, schema-checked, correlated by trace id
 * with the spans, and the caller's route from one service to the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RuntimeServer, runtimes, startRuntime } from "../fetch/support/runtime.js";
import { ensureBuild } from "../support/ensure-build.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  await ensureBuild();
  rx = await startOtlpReceiver();
}, 120_000);
afterAll(() => rx?.close());

describe.each(["deno", "bun"] as const)("all three signals from a %s server", (runtime) => {
  let server: RuntimeServer;
  beforeAll(async () => {
    rx.reset();
    server = await startRuntime(runtimes[runtime]("test/signals/fixtures/runtime-server.ts"), {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_BLRP_SCHEDULE_DELAY: "100",
      OTEL_METRIC_EXPORT_INTERVAL: "100",
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("exports logs and metrics correlated with the spans, by caller route", async () => {
    const traceIds: string[] = [];
    for (const path of ["/shop/cart", "/shop/cart", "/shop/checkout"]) {
      traceIds.push(await (await fetch(`${server.url}${path}`, { method: "POST" })).text());
    }
    const served = (service: string) =>
      rx
        .points()
        .filter((p) => p.resource["service.name"] === service)
        .filter((p) => p.name === "http.server.request.duration")
        .reduce((n, p) => n + p.count, 0);
    await rx.waitFor(() => served("catalog") === 3 && served("shop") === 3, "metrics", 10_000);
    await rx.waitFor(() => rx.logs().length === 6 && rx.spans().length >= 9, "logs", 10_000);

    expect(rx.problems()).toEqual([]);
    for (const traceId of traceIds) {
      const logs = rx.logs().filter((l) => l.traceId === traceId);
      expect(logs.map((l) => l.body).sort()).toEqual(["catalog read", "shop calling catalog"]);
      for (const log of logs) {
        expect(rx.spans().find((s) => s.spanId === log.spanId)?.traceId).toBe(traceId);
      }
    }
    const table: Record<string, number> = {};
    for (const p of rx.points()) {
      if (p.resource["service.name"] !== "catalog") continue;
      if (p.name !== "http.server.request.duration") continue;
      const key = `${p.attributes["edge_trace.caller.route"]} > GET ${p.attributes["http.route"]}`;
      table[key] = (table[key] ?? 0) + p.count;
    }
    expect(table).toEqual({
      "POST /shop/cart > GET /catalog/product/:id": 2,
      "POST /shop/checkout > GET /catalog/product/:id": 1,
    });
    const client = rx.points().find((p) => p.name === "http.client.request.duration")!;
    expect(client.attributes).toMatchObject({ "server.address": "127.0.0.1" });
    expect(traceIds).toContain(client.exemplars[0]?.traceId);
  });
});
