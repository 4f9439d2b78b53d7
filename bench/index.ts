/**
 * `npm run bench`: edge-trace side by side with the incumbents, in one run.
 * Sections are modules (micro, size; the load test, cold start and memory
 * will join them), each returning Markdown; the targets table checks the
 * issue's targets. Tables go to stdout and to bench/out/results.md.
 *
 * Flags: `--quick` (short run, no wrangler), `--only=micro,size`,
 * `--runtimes=node,bun,deno,workerd`, `--no-wrangler`, `--clock=wall`
 * (elapsed time instead of the runtime's CPU time).
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { breakdownTable, microTable } from "./micro/report.js";
import { buildMicro, RUNTIMES, type Runtime, runMicro } from "./micro/runtimes.js";
import type { MicroReport } from "./micro/settings.js";
import { measureEntryPoints, measureWorkers, type SizeRow } from "./size/measure.js";
import { compositionTable, entryPointsTable, workersTable } from "./size/report.js";
import { sizeTargets, speedTargets, type TargetResult, targetsTable } from "./targets.js";

const SECTIONS = ["micro", "size"] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  readonly quick: boolean;
  readonly sections: readonly Section[];
  readonly runtimes: readonly Runtime[];
  readonly wrangler: boolean;
  readonly clock: "cpu" | "wall";
}

function parseOptions(argv: readonly string[]): Options {
  const list = <T extends string>(name: string, all: readonly T[]): readonly T[] => {
    const value = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    if (value === undefined) return all;
    const picked = value.split(",").filter((v): v is T => all.includes(v as T));
    if (picked.length === 0) throw new Error(`--${name}: choose from ${all.join(", ")}`);
    return picked;
  };
  const quick = argv.includes("--quick");
  return {
    quick,
    sections: list("only", SECTIONS),
    runtimes: list("runtimes", RUNTIMES),
    wrangler: !quick && !argv.includes("--no-wrangler"),
    clock: argv.includes("--clock=wall") ? "wall" : "cpu",
  };
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function micro(options: Options, root: string, outDir: string): Promise<MicroReport[]> {
  log("micro: building bundles");
  const bundles = await buildMicro({ root, outDir });
  const reports: MicroReport[] = [];
  for (const runtime of options.runtimes) {
    log(`micro: ${runtime}`);
    const run = { quick: options.quick, clock: options.clock };
    reports.push(await runMicro(runtime, bundles, run, { root, outDir }, log));
  }
  return reports;
}

/** Compiles src/ as `npm run build` does, into bench/out/dist so dist/ is never touched. */
function buildEntryPoints(root: string, outDir: string): string | undefined {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const args = [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(outDir, "dist")];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? undefined : "tsc reported errors; the emitted files were measured";
}

async function size(options: Options, root: string, outDir: string) {
  log(`size: bundling Workers${options.wrangler ? " (esbuild and wrangler)" : " (esbuild)"}`);
  const workers = await measureWorkers({ root, outDir, wrangler: options.wrangler, log });
  log("size: compiling and bundling entry points");
  const buildNote = buildEntryPoints(root, outDir);
  const entries = await measureEntryPoints({ root: outDir, outDir, wrangler: false, log });
  return { workers, entries, buildNote };
}

function header(options: Options, startedAt: Date, seconds: number): string {
  const cpu = cpus();
  return [
    `# edge-trace benchmark${options.quick ? " (--quick)" : ""}`,
    "",
    `${startedAt.toISOString()} · ${cpu[0]?.model ?? "?"} × ${cpu.length} · load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} · Node ${process.versions.node} · ${seconds.toFixed(0)} s`,
  ].join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = process.cwd();
  const outDir = join(root, "bench/out");
  await mkdir(outDir, { recursive: true });
  const startedAt = new Date();
  const parts: string[] = [];
  const targets: TargetResult[] = [];
  let failed = false;

  if (options.sections.includes("micro")) {
    const reports = await micro(options, root, outDir);
    parts.push(
      "## Micro: per request, median of alternated rounds",
      "Extract + inject of a realistic header set (traceparent, 3-member tracestate, 5-member baggage with a property and a percent-encoded value) re-emitting the same context; extract only; inject only; malformed headers. Floor: `Headers` get/set of the three headers. Ratios are computed within each round. workerd is timed from outside: (N-iteration request − empty request) ÷ N. Clock: the runtime process's CPU time (workerd's from /proc), so time spent waiting for a CPU on a busy machine is not counted; `--clock=wall` for elapsed time.",
      microTable(reports),
      "### Where edge-trace's time goes",
      "Each step alone; the whole call minus its steps is the glue (carrier wrapper, object copies, outbound policy, baggage merge).",
      breakdownTable(reports),
    );
    targets.push(...speedTargets(reports));
  }
  let sizes: { workers: SizeRow[]; entries: SizeRow[]; buildNote?: string | undefined } | undefined;
  if (options.sections.includes("size")) {
    sizes = await size(options, root, outDir);
    parts.push(
      "## Size: typical Workers, minified, gzip",
      `esbuild: minified ESM, conditions workerd/worker/browser, gzip (zlib default level, as wrangler). wrangler: \`wrangler deploy --dry-run --minify\`.${options.wrangler ? "" : " wrangler column skipped (--quick or --no-wrangler)."}`,
      workersTable(sizes.workers),
      "### Where edge-trace's bytes go",
      compositionTable(sizes.workers),
      "### Entry points (every export kept; hono external)",
      sizes.buildNote ?? "",
      entryPointsTable(sizes.entries),
    );
    targets.push(...sizeTargets(sizes.workers));
  }
  if (targets.length > 0) parts.push("## Targets", targetsTable(targets));
  failed = targets.some((t) => t.pass === false);

  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const markdown = `${[header(options, startedAt, seconds), ...parts].filter(Boolean).join("\n\n")}\n`;
  process.stdout.write(markdown);
  await writeFile(join(outDir, "results.md"), markdown);
  await writeFile(
    join(outDir, "results.json"),
    JSON.stringify({ options, targets, sizes }, null, 2),
  );
  log(
    `\nwritten: bench/out/results.md (${seconds.toFixed(0)} s)${failed ? "; some targets missed" : ""}`,
  );
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
