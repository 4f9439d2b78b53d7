/**
 * The size section: typical Workers beside the incumbents, and entry points.
 * @module
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Section } from "../section.js";
import { sizeTargets } from "../targets.js";
import { measureEntryPoints, measureWorkers } from "./measure.js";
import { compositionTable, entryPointsTable, workersTable } from "./report.js";

/** Compiles src/ as `npm run build` does, into bench/out/dist, so dist/ is never touched. */
function buildEntryPoints(root: string, outDir: string): string | undefined {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const args = [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(outDir, "dist")];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  return result.status === 0
    ? undefined
    : "tsc reported errors; the files it emitted were measured.";
}

/** Gzipped Workers (esbuild and wrangler) and entry points. */
export const sizeSection: Section = {
  name: "size",
  async run({ options, root, outDir, log }) {
    log(`size: bundling Workers${options.wrangler ? " (esbuild and wrangler)" : " (esbuild)"}`);
    const workers = await measureWorkers({ root, outDir, wrangler: options.wrangler, log });
    log("size: compiling and bundling entry points");
    const buildNote = buildEntryPoints(root, outDir);
    // ENTRY_POINTS are dist/… paths: relative to bench/out, they are the fresh build.
    const entries = await measureEntryPoints({ root: outDir, outDir, wrangler: false, log });
    return {
      markdown: [
        "## Size: typical Workers, minified, gzip",
        `esbuild: minified ESM, conditions workerd/worker/browser, gzip (zlib default level, as wrangler). wrangler: \`wrangler deploy --dry-run --minify\`.${options.wrangler ? "" : " wrangler column skipped (--quick or --no-wrangler)."}`,
        workersTable(workers),
        "### Where edge-trace's bytes go",
        compositionTable(workers),
        "### Entry points (every export kept; hono external)",
        buildNote ?? "",
        entryPointsTable(entries),
      ],
      targets: sizeTargets(workers),
      data: { workers, entries },
    };
  },
};
