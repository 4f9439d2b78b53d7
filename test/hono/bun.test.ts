/** edge-trace/hono on Bun: the fixture app served by `Bun.serve`, from dist/. */
import { afterAll, beforeAll, describe, expect } from "vitest";
import { type RuntimeServer, runtimes, startRuntime } from "../fetch/support/runtime.js";
import { startCollector, startEcho } from "../fetch/support/servers.js";
import { ensureBuild } from "../support/ensure-build.js";
import { honoScenarios } from "./support/scenarios.js";

let server: RuntimeServer;
let echo: Awaited<ReturnType<typeof startEcho>>;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  await ensureBuild();
  [echo, collector] = await Promise.all([startEcho(), startCollector()]);
  server = await startRuntime(runtimes.bun("test/hono/fixtures/bun-hono.ts"), {
    ECHO_URL: echo.url,
    COLLECTOR_URL: collector.url,
  });
});

afterAll(async () => {
  await server?.stop();
  expect(server?.child.exitCode !== null || server?.child.signalCode !== null).toBe(true);
  await Promise.all([echo?.close(), collector?.close()]);
});

describe("edge-trace/hono on Bun", () => {
  honoScenarios({ url: () => server.url, echo: () => echo, collector: () => collector }, 0x4000);
});
