/**
 * The setup every Deno and Bun server test shares: an echo upstream and a
 * span collector on 127.0.0.1, and the fixture server in the real runtime,
 * started before the file's tests and stopped (and seen to exit) after.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { ensureBuild } from "../../support/ensure-build.js";
import { type RuntimeServer, startRuntime } from "./runtime.js";
import { startCollector, startEcho } from "./servers.js";

type Echo = Awaited<ReturnType<typeof startEcho>>;
type Collector = Awaited<ReturnType<typeof startCollector>>;

/** Getters for what the fixture runs beside, valid inside tests. */
export interface FixtureServer {
  server(): RuntimeServer;
  echo(): Echo;
  collector(): Collector;
}

/**
 * @param command - the runtime command line (`runtimes.deno(fixture)`, `runtimes.bun(fixture)`).
 * @returns getters for the server, the echo upstream and the collector.
 * @example
 * const fixture = useFixtureServer(runtimes.bun("test/fetch/fixtures/bun-server.ts"));
 */
export function useFixtureServer(command: readonly string[]): FixtureServer {
  let server: RuntimeServer | undefined;
  let echo: Echo | undefined;
  let collector: Collector | undefined;
  beforeAll(async () => {
    await ensureBuild();
    [echo, collector] = await Promise.all([startEcho(), startCollector()]);
    server = await startRuntime(command, { ECHO_URL: echo.url, COLLECTOR_URL: collector.url });
  });
  afterAll(async () => {
    await server?.stop();
    expect(server?.child.exitCode !== null || server?.child.signalCode !== null).toBe(true);
    await Promise.all([echo?.close(), collector?.close()]);
  });
  return { server: () => server!, echo: () => echo!, collector: () => collector! };
}
