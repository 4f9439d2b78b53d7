/**
 * Runs a bundled Worker variant in its own workerd process under
 * Miniflare, on 127.0.0.1, and finds that process's pid so its CPU time
 * can be read from /proc.
 * @module
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import type { BuiltWorker } from "./build.js";
import { childPids } from "./proc.js";
import { type RuntimeOutput, runtimeOutput } from "./runtime-output.js";
import type { Target } from "./target.js";

/** The compatibility date every variant runs with. */
export const COMPATIBILITY_DATE = "2025-06-01";

/**
 * @param worker - the bundled variant.
 * @param bindings - `UPSTREAM` and `SINK`.
 * @param output - where workerd's output goes; Miniflare prints it otherwise.
 * @param inspect - open V8's inspector on a free port (for heap readings).
 * @returns a Miniflare instance (not yet ready).
 */
export function newMiniflare(
  worker: BuiltWorker,
  bindings: { readonly UPSTREAM: string; readonly SINK: string },
  output?: RuntimeOutput,
  inspect = false,
): Miniflare {
  // Modules listed with their contents: Miniflare would refuse to scan a
  // bundle whose dynamic import() (the opt-in AsyncLocalStorage) is not a literal.
  const contents = readFileSync(worker.scriptPath, "utf8");
  return new Miniflare({
    modules: [{ type: "ESModule", path: worker.scriptPath, contents }],
    modulesRoot: dirname(worker.scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: worker.nodejsCompat ? ["nodejs_compat"] : [],
    bindings: { ...bindings },
    host: "127.0.0.1",
    port: 0,
    ...(output ? { handleRuntimeStdio: output.handle } : {}),
    ...(inspect ? { inspectorPort: 0 } : {}),
  });
}

/** A variant running in workerd, with what workerd printed. */
export interface WorkerTarget extends Target {
  readonly output: RuntimeOutput;
  /** V8's inspector, when started with `inspect`. */
  readonly inspectorUrl: URL | undefined;
}

/**
 * Starts one variant. Call one at a time: the new workerd is told apart
 * from those already running by the pids before and after.
 * @param worker - the bundled variant.
 * @param bindings - `UPSTREAM` and `SINK`.
 * @param inspect - open V8's inspector (see {@link newMiniflare}).
 * @returns the running target; workerd's output is counted, not printed.
 */
export async function startWorker(
  worker: BuiltWorker,
  bindings: { readonly UPSTREAM: string; readonly SINK: string },
  inspect = false,
): Promise<WorkerTarget> {
  const before = new Set(childPids("workerd"));
  const output = runtimeOutput();
  const mf = newMiniflare(worker, bindings, output, inspect);
  const url = await mf.ready;
  const pids = childPids("workerd").filter((pid) => !before.has(pid));
  if (pids.length !== 1) {
    await mf.dispose();
    throw new Error(`expected one new workerd process for ${worker.id}, found ${pids.length}`);
  }
  return {
    id: worker.id,
    label: worker.label,
    url: url.href,
    pid: pids[0]!,
    output,
    inspectorUrl: inspect ? await mf.getInspectorURL() : undefined,
    close: () => mf.dispose(),
  };
}

/**
 * @param root - the repository root.
 * @returns e.g. "workerd 2026-04-26 (miniflare 4.20260426.0)".
 */
export function workerdVersion(root: string): string {
  let workerd = "workerd ?";
  let miniflare = "?";
  try {
    workerd = execFileSync(join(root, "node_modules/.bin/workerd"), ["--version"], {
      encoding: "utf8",
    }).trim();
    const pkg = readFileSync(join(root, "node_modules/miniflare/package.json"), "utf8");
    miniflare = (JSON.parse(pkg) as { version: string }).version;
  } catch {
    // Shown as unknown.
  }
  return `${workerd} (miniflare ${miniflare})`;
}
