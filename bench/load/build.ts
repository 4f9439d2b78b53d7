/**
 * What the load, cold-start and memory sections run, built before any
 * timing: the Worker variants bundled as the size section bundles Workers
 * (esbuild, minified, workerd conditions, the semconv shim for
 * otel-cf-workers), helper scripts for Node, Bun and Deno, and the package
 * compiled into bench/out/dist (never dist/, which tests share).
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { bundleCode } from "../size/bundle.js";
import { semconvAlias } from "../size/semconv-shim.js";
import { WORKER_VARIANTS, type WorkerVariant } from "./variants.js";

/** A bundled Worker variant, ready for Miniflare. */
export interface BuiltWorker extends WorkerVariant {
  readonly scriptPath: string;
}

/**
 * @param root - the repository root.
 * @param outDir - bench/out.
 * @param ids - the variants wanted (default: all).
 * @returns each variant with the path of its bundle.
 */
export async function buildWorkers(
  root: string,
  outDir: string,
  ids?: readonly string[],
): Promise<BuiltWorker[]> {
  const dir = join(outDir, "load");
  await mkdir(dir, { recursive: true });
  const alias = await semconvAlias(root, outDir);
  const wanted = WORKER_VARIANTS.filter((v) => !ids || ids.includes(v.id));
  const built: BuiltWorker[] = [];
  for (const variant of wanted) {
    // Under nodejs_compat the runtime provides node:*, as wrangler leaves it.
    const external = variant.nodejsCompat ? ["cloudflare:*", "node:*"] : ["cloudflare:*"];
    const code = await bundleCode(join(root, variant.file), {
      external,
      alias: variant.nodejsCompat ? alias : undefined,
    });
    const scriptPath = join(dir, `${variant.id}.mjs`);
    await writeFile(scriptPath, code);
    built.push({ ...variant, scriptPath });
  }
  return built;
}

/**
 * Bundles a script that runs under Node, Bun or Deno. Dependencies are
 * bundled; a dynamic `import(path)` of the compiled package stays as is.
 * @param entry - the TypeScript entry.
 * @param outfile - where the bundle goes.
 * @returns `outfile`.
 */
export async function buildScript(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external: ["node:*"],
    logLevel: "warning",
  });
  return outfile;
}

/**
 * Compiles src/ as `npm run build` does into bench/out/dist, unless that
 * is newer than every source file (the size section may have just built it).
 * @param root - the repository root.
 * @param outDir - bench/out.
 * @returns the compiled directory, and a note when tsc reported errors.
 */
export function compileDist(root: string, outDir: string): { dir: string; note?: string } {
  const dir = join(outDir, "dist");
  const marker = join(dir, "fetch.js");
  if (existsSync(marker) && newest(join(root, "src")) <= statSync(marker).mtimeMs) return { dir };
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const args = [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", dir];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (!existsSync(marker)) throw new Error(`tsc produced no ${marker}:\n${result.stdout}`);
  // tsc emits despite type errors elsewhere in a work-in-progress tree.
  return result.status === 0 ? { dir } : { dir, note: "tsc reported errors; its output was run." };
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
