/**
 * Starts the upstream + OTLP sink process (upstream-main.ts) and talks to
 * its control routes.
 * @module
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildScript } from "./build.js";
import type { UpstreamStats } from "./upstream-stats.js";

/** The running upstream. */
export interface Upstream {
  /** The upstream URL every variant fetches. */
  readonly url: string;
  /** The sink's base URL (`/v1/traces` is appended by the exporters). */
  readonly sink: string;
  /** The upstream process, whose CPU time is not counted. */
  readonly pid: number;
  stats(): Promise<UpstreamStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @param root - the repository root.
 * @param outDir - bench/out.
 * @returns the running upstream and sink.
 */
export async function startUpstream(root: string, outDir: string): Promise<Upstream> {
  const script = await buildScript(
    join(root, "bench/load/upstream-main.ts"),
    join(outDir, "load/upstream.mjs"),
  );
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`upstream exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/`,
    sink: base,
    pid: child.pid!,
    async stats() {
      return (await (await fetch(`${base}/__stats`)).json()) as UpstreamStats;
    },
    async reset() {
      await (await fetch(`${base}/__reset`)).arrayBuffer();
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      });
    },
  };
}
