/**
 * Runs a bundled Worker variant in its own workerd process under
 * Miniflare, on 127.0.0.1, and finds that process's pid so its CPU time
 * can be read from /proc.
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { Miniflare } from "miniflare";
import type { BuiltWorker } from "./build.js";
import { childPids } from "./proc.js";
import type { Target } from "./target.js";

/** The compatibility date every variant runs with. */
export const COMPATIBILITY_DATE = "2025-06-01";

/**
 * @param worker - the bundled variant.
 * @param bindings - `UPSTREAM` and `SINK`.
 * @returns a Miniflare instance (not yet ready).
 */
export function newMiniflare(
  worker: BuiltWorker,
  bindings: { readonly UPSTREAM: string; readonly SINK: string },
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
  });
}

/**
 * Starts one variant. Call one at a time: the new workerd is told apart
 * from those already running by the pids before and after.
 * @param worker - the bundled variant.
 * @param bindings - `UPSTREAM` and `SINK`.
 * @returns the running target.
 */
export async function startWorker(
  worker: BuiltWorker,
  bindings: { readonly UPSTREAM: string; readonly SINK: string },
): Promise<Target> {
  const before = new Set(childPids("workerd"));
  const mf = newMiniflare(worker, bindings);
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
    close: () => mf.dispose(),
  };
}
