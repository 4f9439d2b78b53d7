/**
 * Hono's tracing() nested inside edge-trace/workers' withTrace, in workerd:
 * the middleware reuses the outer trace, so there is one server span,
 * named after the route.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCollector } from "../fetch/support/servers.js";

let mf: Miniflare;
let url: string;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  collector = await startCollector();
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("fixtures/workers-nested.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker"],
    target: "es2022",
    external: ["cloudflare:*", "node:*"],
    write: false,
  });
  mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: bundle.outputFiles[0]?.text ?? "" },
    ],
    compatibilityDate: "2025-06-01",
    host: "127.0.0.1",
    port: 0,
    bindings: { COLLECTOR_URL: collector.url },
  });
  url = (await mf.ready).origin;
});

afterAll(async () => {
  await mf?.dispose();
  await collector?.close();
});

describe("Hono tracing() inside Workers withTrace, in workerd", () => {
  it("reuses the outer trace: one server span, renamed after the route", async () => {
    const traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
    const response = await fetch(`${url}/users/7`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(await response.json()).toEqual({ same: true, traceId });
    const spans = await collector.waitFor((all) => all.some((s) => s.traceId === traceId));
    const servers = spans.filter((s) => s.traceId === traceId && s.kind === "server");
    expect(servers).toHaveLength(1);
    expect(servers[0]?.name).toBe("GET /users/:id");
    expect(servers[0]?.attributes["http.route"]).toBe("/users/:id");
    expect(servers[0]?.parentSpanId).toBe("00f067aa0ba902b7");
  });
});
