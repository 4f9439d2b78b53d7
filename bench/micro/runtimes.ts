/**
 * Builds the micro benchmark once and runs it in each runtime: the same
 * bundle in Node, Bun and Deno (each a child process), and a Worker bundle
 * in workerd under miniflare.
 * @module
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { MICRO_MARKER, type MicroReport, microSettings } from "./settings.js";
import { runWorkerd } from "./workerd.js";

/** The runtimes `npm run bench` knows. */
export const RUNTIMES = ["node", "bun", "deno", "workerd"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Where things are. */
export interface MicroPaths {
  readonly root: string;
  readonly outDir: string;
}

/**
 * Bundles bench/micro/main.ts and bench/micro/worker.ts. The browser
 * platform picks the same OpenTelemetry build in every runtime (its Node
 * build differs only in environment helpers, not in propagation).
 *
 * @returns the paths of the two bundles.
 */
export async function buildMicro({ root, outDir }: MicroPaths): Promise<{
  script: string;
  worker: string;
}> {
  const script = join(outDir, "micro.mjs");
  const worker = join(outDir, "micro-worker.mjs");
  const common = {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  } as const;
  await build({ ...common, entryPoints: [join(root, "bench/micro/main.ts")], outfile: script });
  await build({
    ...common,
    entryPoints: [join(root, "bench/micro/worker.ts")],
    conditions: ["workerd", "worker", "browser"],
    outfile: worker,
  });
  return { script, worker };
}

/**
 * @param runtime - which runtime.
 * @param bundles - from {@link buildMicro}.
 * @param run - the short run or not, and the clock (CPU time unless `"wall"`).
 * @param paths - root, for the runtime binaries.
 * @param log - progress.
 * @returns the runtime's report.
 */
export async function runMicro(
  runtime: Runtime,
  bundles: { script: string; worker: string },
  { quick, clock }: { quick: boolean; clock: "cpu" | "wall" },
  { root }: MicroPaths,
  log: (line: string) => void,
): Promise<MicroReport> {
  if (runtime === "workerd") return runWorkerd(bundles.worker, microSettings(quick, clock), log);
  const flag = [...(quick ? ["--quick"] : []), ...(clock === "wall" ? ["--clock=wall"] : [])];
  const bin = (name: string): string => join(root, "node_modules/.bin", name);
  const command: Record<Exclude<Runtime, "workerd">, [string, string[]]> = {
    node: [process.execPath, [bundles.script, ...flag]],
    bun: [bin("bun"), [bundles.script, ...flag]],
    deno: [bin("deno"), ["run", "-A", bundles.script, ...flag]],
  };
  const [file, args] = command[runtime];
  const stdout = await runChild(file, args, log);
  const line = stdout.split("\n").find((l) => l.startsWith(MICRO_MARKER));
  if (!line) throw new Error(`${runtime} printed no report`);
  return JSON.parse(line.slice(MICRO_MARKER.length)) as MicroReport;
}

function runChild(file: string, args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      for (const line of String(chunk).split("\n")) if (line.trim()) log(line);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${file} exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}
