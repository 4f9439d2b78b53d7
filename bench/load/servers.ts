/**
 * Starts the Bun and Deno servers (server-main.ts) as child processes,
 * each variant its own process so its CPU time is its own.
 * @module
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Target } from "./target.js";

/** The runtimes with a fetch-handler server. */
export const SERVER_RUNTIMES = ["bun", "deno"] as const;
export type ServerRuntime = (typeof SERVER_RUNTIMES)[number];

/** Without and with withTrace; the first is the base of the ratios. */
export const SERVER_MODES = ["bare", "traced"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

/**
 * @param runtime - bun or deno.
 * @param mode - bare or traced.
 * @param paths - the repository root, the bundled server and the compiled package directory.
 * @param upstream - the upstream URL.
 * @returns the running server.
 */
export async function startServer(
  runtime: ServerRuntime,
  mode: ServerMode,
  paths: { readonly root: string; readonly script: string; readonly dist: string },
  upstream: string,
): Promise<Target> {
  const bin = join(paths.root, "node_modules/.bin", runtime);
  const fetchModule = pathToFileURL(join(paths.dist, "fetch.js")).href;
  const args = [mode, upstream, fetchModule];
  const argv = runtime === "deno" ? ["run", "-A", paths.script, ...args] : [paths.script, ...args];
  // No OTEL_* from the caller's environment: the traced server propagates only.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")),
  );
  const child = spawn(bin, argv, { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`${runtime} ${mode} exited with ${code}: ${stderr.slice(-1000)}`)),
    );
  });
  return {
    id: `${runtime}-${mode}`,
    label: `${runtime === "bun" ? "Bun" : "Deno"} ${mode === "bare" ? "server" : "server + withTrace"}`,
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

/** @returns e.g. "Bun 1.4.5", from the runtime itself. */
export function runtimeVersion(runtime: ServerRuntime, root: string): Promise<string> {
  const bin = join(root, "node_modules/.bin", runtime);
  return new Promise((resolve) => {
    const child = spawn(bin, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    child.on("error", () => resolve(runtime));
    child.on("close", () => {
      const version = /\d+\.\d+\.\d+/.exec(out)?.[0];
      resolve(`${runtime === "bun" ? "Bun" : "Deno"} ${version ?? "?"}`);
    });
  });
}
