/**
 * Builds `dist/` once when it is missing or older than `src/`, for tests
 * that run the built package in another runtime (Deno, Bun, Node). Test
 * files run in parallel workers, so a lock directory makes one of them
 * build while the others wait. The bench's lambda-collector section runs
 * the same handler modules and calls it too, with its own root: bundled into
 * bench/out/bench.mjs, this module's `import.meta.url` is not this file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const root: string = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const distDir: string = join(root, "dist");
const STALE_LOCK_MS = 120_000;

/**
 * Ensures `dist/` is at least as new as every file in `src/`, building it if not.
 * @param at - the repository root.
 * @returns once `dist/` is built.
 */
export async function ensureBuild(at: string = root): Promise<void> {
  const dist = join(at, "dist");
  const src = join(at, "src");
  if (isFresh(dist, src)) return;
  await withLock(join(at, "node_modules", ".cache", "edge-trace-build.lock"), () => {
    if (isFresh(dist, src)) return; // another worker built it while we waited
    const result = spawnSync("npm", ["run", "build"], { cwd: at, encoding: "utf8" });
    // tsc emits despite type errors (someone's work in progress elsewhere in src/);
    // what the tests need is the emitted modules.
    if (!existsSync(join(dist, "index.js"))) {
      throw new Error(`npm run build did not produce dist/:\n${result.stdout}\n${result.stderr}`);
    }
  });
}

/** Fresh: no source file changed after the oldest built file was written. */
function isFresh(dist: string, src: string): boolean {
  if (!existsSync(join(dist, "index.js"))) return false;
  const built = Math.min(...[...walk(dist)].filter((f) => f.endsWith(".js")).map(mtime));
  return [...walk(src)].every((file) => mtime(file) <= built);
}

function mtime(file: string): number {
  return statSync(file).mtimeMs;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function withLock(lockDir: string, build: () => void): Promise<void> {
  mkdirSync(join(lockDir, ".."), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() - lockTime(lockDir) > STALE_LOCK_MS)
        rmSync(lockDir, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    build();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockTime(lockDir: string): number {
  try {
    return statSync(lockDir).mtimeMs;
  } catch {
    return Date.now();
  }
}
