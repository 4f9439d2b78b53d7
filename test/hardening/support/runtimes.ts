/**
 * Starts the hardening server (fixtures/server.ts) in real Deno or Bun,
 * with the built package, and talks to it.
 */
import { join } from "node:path";
import { type RuntimeServer, runtimes, startRuntime } from "../../fetch/support/runtime.js";
import { ensureBuild, root } from "../../support/ensure-build.js";
import type { ProbeReport } from "../fixtures/probe.js";

/** The runtimes the server runs in. */
export type ServerRuntime = "deno" | "bun";

/** A running hardening server. */
export interface HardeningServer {
  readonly server: RuntimeServer;
  url(path: string): string;
  probe(): Promise<ProbeReport>;
  /** Calls every traced handler's `flush()`. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * @param runtime - `deno` or `bun`.
 * @param env - OTLP_URL, REFUSED_URL, COLLECTOR_URL, UPSTREAM_URL.
 */
export async function startHardeningServer(
  runtime: ServerRuntime,
  env: Record<string, string>,
): Promise<HardeningServer> {
  await ensureBuild();
  const server = await startRuntime(
    runtimes[runtime](join(root, "test/hardening/fixtures/server.ts")),
    env,
  );
  const url = (path: string) => `${server.url}${path}`;
  return {
    server,
    url,
    async probe() {
      return (await (await fetch(url("/__probe"))).json()) as ProbeReport;
    },
    async flush() {
      const response = await fetch(url("/__flush"));
      await response.arrayBuffer();
      if (response.status !== 204) throw new Error(`flush answered ${response.status}`);
    },
    async stop() {
      await server.stop();
    },
  };
}
