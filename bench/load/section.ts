/**
 * The load section: Workers in workerd (bare, edge-trace propagation only,
 * edge-trace + OTLP, otel-cf-workers with and without export) and Bun and
 * Deno servers (without and with withTrace), each under the same
 * autocannon load on 127.0.0.1, variants alternated in rounds. Every
 * variant makes one outbound fetch per request to a local upstream.
 * @module
 */
import { join } from "node:path";
import type { BenchContext, Section } from "../section.js";
import { loadTargets } from "../targets.js";
import { buildScript, buildWorkers, compileDist } from "./build.js";
import { hasProc } from "./proc.js";
import { loadTable } from "./report.js";
import { alternate, type LoadSettings } from "./run.js";
import { runtimeVersion, SERVER_MODES, SERVER_RUNTIMES, startServer } from "./servers.js";
import {
  FIXED_RATE_VARIANTS,
  fixedRateSettings,
  type LoadGroup,
  type LoadReport,
  loadSettings,
} from "./settings.js";
import { summarizeGroup } from "./summary.js";
import type { Target } from "./target.js";
import { startUpstream, type Upstream } from "./upstream.js";
import { startWorker, type WorkerTarget, workerdVersion } from "./workerd.js";

/** What each workerd printed during the runs, if anything (warnings are findings too). */
function printed(targets: readonly Target[]): string[] {
  const lines: string[] = [];
  for (const target of targets) {
    if (!("output" in target)) continue;
    const summary = (target as WorkerTarget).output.summary();
    if (summary.length > 0)
      lines.push(`${target.label}: ${summary.map((l) => `\`${l}\``).join("; ")}`);
  }
  return lines;
}

async function runGroup(
  runtime: string,
  start: () => Promise<Target[]>,
  upstream: Upstream,
  context: BenchContext,
  settings: LoadSettings = loadSettings(context.options.quick),
): Promise<LoadGroup> {
  const targets = await start();
  try {
    const samples = await alternate(targets, upstream, settings, context.log);
    return { runtime, variants: summarizeGroup(targets, samples), output: printed(targets) };
  } finally {
    for (const target of targets) await target.close();
  }
}

/** workerd, Bun and Deno under load. */
export const loadSection: Section = {
  name: "load",
  async run(context) {
    const { options, root, outDir, log } = context;
    if (!hasProc()) throw new Error("load: needs Linux's /proc to read the servers' CPU time");
    const settings = loadSettings(options.quick);
    log("load: building Workers, servers and bench/out/dist");
    const workers = await buildWorkers(root, outDir);
    const dist = compileDist(root, outDir);
    const script = await buildScript(
      join(root, "bench/load/server-main.ts"),
      join(outDir, "load/server.mjs"),
    );
    const upstream = await startUpstream(root, outDir);
    const groups: LoadGroup[] = [];
    try {
      if (options.runtimes.includes("workerd")) {
        log("load: workerd");
        const bindings = { UPSTREAM: upstream.url, SINK: upstream.sink };
        groups.push(
          await runGroup(
            workerdVersion(root),
            async () => {
              const targets: Target[] = [];
              for (const worker of workers) targets.push(await startWorker(worker, bindings));
              return targets;
            },
            upstream,
            context,
          ),
        );
        const rate = fixedRateSettings(options.quick);
        log(`load: workerd at ${rate.rate} req/s`);
        groups.push(
          await runGroup(
            `${workerdVersion(root)}, fixed rate ${rate.rate} req/s`,
            async () => {
              const targets: Target[] = [];
              for (const worker of workers.filter((w) => FIXED_RATE_VARIANTS.includes(w.id))) {
                targets.push(await startWorker(worker, bindings));
              }
              return targets;
            },
            upstream,
            context,
            rate,
          ),
        );
      }
      for (const runtime of SERVER_RUNTIMES) {
        if (!options.runtimes.includes(runtime)) continue;
        log(`load: ${runtime}`);
        const paths = { root, script, dist: dist.dir };
        groups.push(
          await runGroup(
            await runtimeVersion(runtime, root),
            async () => {
              const targets: Target[] = [];
              for (const mode of SERVER_MODES) {
                targets.push(await startServer(runtime, mode, paths, upstream.url));
              }
              return targets;
            },
            upstream,
            context,
          ),
        );
      }
    } finally {
      await upstream.close();
    }
    const notes = dist.note ? [dist.note] : [];
    const report: LoadReport = { settings, groups, notes };
    return {
      markdown: [
        "## Load: one outbound fetch per request",
        `autocannon on 127.0.0.1, ${settings.connections} connections, ${settings.seconds} s per run, ${settings.rounds} alternated round${settings.rounds > 1 ? "s" : ""} (order rotated each round) after ${settings.warmupSeconds} s of untimed load per variant; medians over the rounds, ratios to bare computed within each round. Every variant fetches a local upstream (a Node process on 127.0.0.1 answering 200 "ok") once per request; the OTLP variants export to a local sink in the same process that answers 200 at once. CPU µs/req: the serving process's utime + stime from /proc (workerd, bun, deno; including work done in \`waitUntil\` after the response, read 0.3 s after the run) ÷ responses. Each Worker runs in its own workerd under Miniflare (whose entry worker sits in front of every variant alike); Bun and Deno run the compiled package (bench/out/dist), propagation only. The fixed-rate group runs the workerd variants again at ${fixedRateSettings(options.quick).rate} req/s over ${fixedRateSettings(options.quick).connections} connections, a load every variant sustains, so CPU per request is not inflated by queueing.`,
        ...notes,
        loadTable(groups),
        ...groups.flatMap((g) =>
          g.output.length > 0 ? [`workerd printed during the runs: ${g.output.join(" · ")}`] : [],
        ),
      ],
      targets: loadTargets(groups),
      data: report,
    };
  },
};
