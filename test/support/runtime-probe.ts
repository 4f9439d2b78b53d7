/**
 * A probe script for the real Deno and Bun binaries: a TypeScript fixture
 * bundled from src into one ESM file, run with a clean environment (PATH,
 * a temporary HOME, and what the test sets), so the parent's `OTEL_*`
 * variables never reach it. Asynchronous, so a receiver in this process
 * can answer the probe's requests.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What a probe run left. */
export interface ProbeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * @param fixture - path relative to the repository root.
 * @param dir - a temporary folder: the bundle goes there, and it is the probe's HOME.
 * @returns the command that runs the bundle, per runtime.
 */
export async function bundleProbe(
  fixture: string,
  dir: string,
): Promise<Record<"deno" | "bun", string[]>> {
  const probe = join(dir, "probe.mjs");
  await build({
    entryPoints: [join(root, fixture)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: probe,
    logLevel: "silent",
  });
  return {
    deno: [
      join(root, "node_modules/.bin/deno"),
      "run",
      "--allow-net=127.0.0.1",
      "--allow-env",
      probe,
    ],
    bun: [join(root, "node_modules/.bin/bun"), "run", probe],
  };
}

/**
 * @param command - from {@link bundleProbe}.
 * @param home - the probe's HOME (the temporary folder).
 * @param env - the variables the test sets.
 * @returns the exit code and the two outputs, once the probe exited.
 */
export function runProbe(
  command: readonly string[],
  home: string,
  env: Record<string, string>,
): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    const child = spawn(file, args, {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: home,
        NO_COLOR: "1",
        DENO_NO_UPDATE_CHECK: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
