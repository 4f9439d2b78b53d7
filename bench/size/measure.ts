/**
 * Measures every Worker and entry point of the catalogue: esbuild + gzip
 * always, `wrangler deploy --dry-run --minify` unless skipped. A Worker
 * whose adapter does not exist yet is reported as skipped, never guessed.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type BundleSize, bundleSize, composition, type Share } from "./bundle.js";
import { ENTRY_POINTS, type Library, WORKERS, type WorkerFixture } from "./catalogue.js";
import { semconvAlias } from "./semconv-shim.js";
import { wranglerSize } from "./wrangler.js";

/** One measured row. */
export interface SizeRow {
  readonly id: string;
  readonly label: string;
  readonly library: Library;
  readonly esbuild?: BundleSize | undefined;
  readonly wrangler?: BundleSize | undefined;
  /** Why a column is empty, or how it was built. */
  readonly notes: readonly string[];
  /** For edge-trace Workers: the largest source files in the bundle. */
  readonly composition?: readonly Share[] | undefined;
}

/** How to measure. */
export interface SizeSettings {
  /** The repository root. */
  readonly root: string;
  /** Where the shim and other build files go (bench/out). */
  readonly outDir: string;
  /** Also run wrangler (slow: a few seconds per Worker). */
  readonly wrangler: boolean;
  readonly log: (line: string) => void;
}

/**
 * @param settings - root, output directory, whether to run wrangler.
 * @returns one row per Worker, in catalogue order.
 */
export async function measureWorkers(settings: SizeSettings): Promise<SizeRow[]> {
  const alias = await semconvAlias(settings.root, settings.outDir);
  const rows = await mapLimit(WORKERS, 2, (fixture) => measureWorker(fixture, alias, settings));
  return rows;
}

async function measureWorker(
  fixture: WorkerFixture,
  alias: Record<string, string> | undefined,
  { root, wrangler, log }: SizeSettings,
): Promise<SizeRow> {
  const { id, label, library } = fixture;
  const missing = (fixture.requires ?? []).filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    return { id, label, library, notes: [`skipped: ${missing.join(", ")} does not exist yet`] };
  }
  const entry = join(root, fixture.file);
  const notes: string[] = [];
  const incumbentAlias = fixture.nodejsCompat && library === "incumbent" ? alias : undefined;
  if (fixture.nodejsCompat) notes.push("needs nodejs_compat");
  if (incumbentAlias) notes.push("semconv shim (see semconv-shim.ts)");
  // Wrangler leaves `cloudflare:*` (and `node:*` under nodejs_compat) to the runtime.
  const external = fixture.nodejsCompat ? ["cloudflare:*", "node:*"] : ["cloudflare:*"];
  const options = { external, alias: incumbentAlias };
  const esbuild = await attempt(() => bundleSize(entry, options), notes, "esbuild");
  const shares =
    library === "edge-trace"
      ? await attempt(() => composition(entry, options), notes, "composition")
      : undefined;
  const byWrangler = wrangler
    ? await attempt(
        () =>
          wranglerSize(join(root, "node_modules/.bin/wrangler"), entry, {
            nodejsCompat: fixture.nodejsCompat,
            alias: incumbentAlias,
          }),
        notes,
        "wrangler",
      )
    : undefined;
  log(`  size: ${id} done`);
  return { id, label, library, esbuild, wrangler: byWrangler, notes, composition: shares };
}

/**
 * @param settings - root and log (wrangler is not used for entry points).
 * @returns one row per entry point of dist/.
 */
export async function measureEntryPoints(settings: SizeSettings): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const { id, file } of ENTRY_POINTS) {
    const path = join(settings.root, file);
    if (!existsSync(path)) {
      rows.push({ id, label: file, library: "edge-trace", notes: [`skipped: ${file} not built`] });
      continue;
    }
    const notes: string[] = [];
    // hono is a peer dependency: the user's app brings it.
    const esbuild = await attempt(() => bundleSize(path, { external: ["hono"] }), notes, "esbuild");
    rows.push({ id, label: file, library: "edge-trace", esbuild, notes });
  }
  return rows;
}

async function attempt<T>(
  measure: () => Promise<T>,
  notes: string[],
  what: string,
): Promise<T | undefined> {
  try {
    return await measure();
  } catch (error) {
    notes.push(`${what} failed: ${firstError(error)}`);
    return undefined;
  }
}

/** esbuild's first error with its location, or the message's first meaningful line. */
function firstError(error: unknown): string {
  const esbuild = (error as { errors?: { text: string; location?: { file: string } | null }[] })
    .errors?.[0];
  if (esbuild) return `${esbuild.text}${esbuild.location ? ` (${esbuild.location.file})` : ""}`;
  const message = error instanceof Error ? error.message : String(error);
  return (
    message.split("\n").find((line) => line.trim() && !line.includes("Build failed")) ?? message
  );
}

/** Maps with at most `limit` calls in flight, keeping order (wrangler runs are slow). */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
