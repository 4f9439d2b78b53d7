/**
 * edge-trace/fetch in the real Deno binary: `Deno.serve(withTrace(...))`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../support/ensure-build.js";
import { type RuntimeServer, runtimes, startRuntime } from "./support/runtime.js";
import { fetchHandlerScenarios } from "./support/scenarios.js";
import { startCollector, startEcho } from "./support/servers.js";

let server: RuntimeServer;
let echo: Awaited<ReturnType<typeof startEcho>>;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  await ensureBuild();
  [echo, collector] = await Promise.all([startEcho(), startCollector()]);
  server = await startRuntime(runtimes.deno("test/fetch/fixtures/deno-server.ts"), {
    ECHO_URL: echo.url,
    COLLECTOR_URL: collector.url,
  });
});

afterAll(async () => {
  const exit = await server?.stop();
  expect(exit?.signal ?? exit?.code).not.toBeNull();
  expect(server?.child.exitCode !== null || server?.child.signalCode !== null).toBe(true);
  await Promise.all([echo?.close(), collector?.close()]);
});

describe("edge-trace/fetch on Deno", () => {
  fetchHandlerScenarios({ server: () => server, echo: () => echo, collector: () => collector });

  it("passes Deno's info argument through, and nothing else", async () => {
    const seen = (await (await fetch(`${server.url}/seen`)).json()) as {
      remoteAddr: { transport: string; hostname: string; port: number };
      extraArgs: number;
    };
    expect(seen.remoteAddr).toMatchObject({ transport: "tcp", hostname: "127.0.0.1" });
    expect(seen.remoteAddr.port).toBeGreaterThan(0);
    expect(seen.extraArgs).toBe(0);
  });
});
