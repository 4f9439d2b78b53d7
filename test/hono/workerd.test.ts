/**
 * edge-trace/hono on workerd: the fixture Worker, bundled by esbuild from
 * src/, run by Miniflare and reached over real HTTP on 127.0.0.1.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe } from "vitest";
import { startCollector, startEcho } from "../fetch/support/servers.js";
import { honoScenarios } from "./support/scenarios.js";

let mf: Miniflare;
let url: string;
let echo: Awaited<ReturnType<typeof startEcho>>;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  [echo, collector] = await Promise.all([startEcho(), startCollector()]);
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("fixtures/worker.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker"],
    target: "es2022",
    write: false,
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? "",
    compatibilityDate: "2025-06-01",
    host: "127.0.0.1",
    port: 0,
    bindings: { ECHO_URL: echo.url, COLLECTOR_URL: collector.url },
  });
  url = (await mf.ready).origin;
});

afterAll(async () => {
  await mf?.dispose();
  await Promise.all([echo?.close(), collector?.close()]);
});

describe("edge-trace/hono on workerd", () => {
  // On Workers the middleware flushes in waitUntil by itself; /flush is a no-op there.
  honoScenarios({ url: () => url, echo: () => echo, collector: () => collector }, 0x5000);
});
