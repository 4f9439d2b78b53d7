/**
 * The cold-start section: a new workerd for each start, alternating the
 * bare Worker with edge-trace's and otel-cf-workers', so each round gives
 * a paired difference to bare.
 * @module
 */
import { buildWorkers } from "../load/build.js";
import { startUpstream } from "../load/upstream.js";
import { table } from "../markdown.js";
import { type Stats, summarize } from "../micro/run.js";
import type { Section } from "../section.js";
import { coldStartTargets } from "../targets.js";
import { type ColdStart, coldStart } from "./measure.js";
import {
  COLD_START_VARIANTS,
  type ColdStartReport,
  type ColdStartVariant,
  coldStartRounds,
} from "./settings.js";

const ms = (stats: Stats | undefined, sign = false): string => {
  if (!stats) return "—";
  const f = (x: number): string => (sign && x >= 0 ? `+${x.toFixed(1)}` : x.toFixed(1));
  return `${f(stats.median)} (${f(stats.min)} … ${f(stats.max)})`;
};

/** New workerd → first response. */
export const coldStartSection: Section = {
  name: "cold-start",
  async run({ options, root, outDir, log }) {
    const rounds = coldStartRounds(options.quick);
    const workers = await buildWorkers(root, outDir, COLD_START_VARIANTS);
    const upstream = await startUpstream(root, outDir);
    const starts = new Map<string, ColdStart[]>(workers.map((w) => [w.id, []]));
    try {
      const bindings = { UPSTREAM: upstream.url, SINK: upstream.sink };
      // One start of each first, untimed: the OS caches the binary and the bundles.
      for (const worker of workers) await coldStart(worker, bindings);
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < workers.length; i++) {
          const worker = workers[(round + i) % workers.length]!;
          starts.get(worker.id)!.push(await coldStart(worker, bindings));
        }
        log(`  cold-start: round ${round + 1}/${rounds}`);
      }
    } finally {
      await upstream.close();
    }
    const base = starts.get(workers[0]!.id)!;
    const variants: ColdStartVariant[] = workers.map((worker, index) => {
      const runs = starts.get(worker.id)!;
      const cpu = runs.every((r) => r.cpuMs !== undefined) ? runs.map((r) => r.cpuMs!) : undefined;
      const first = runs.every((r) => r.firstRequestCpuMs !== undefined)
        ? summarize(runs.map((r) => r.firstRequestCpuMs!))
        : undefined;
      const baseCpu = base.map((r) => r.cpuMs);
      return {
        id: worker.id,
        label: worker.label,
        wallMs: summarize(runs.map((r) => r.wallMs)),
        cpuMs: cpu ? summarize(cpu) : undefined,
        firstRequestCpuMs: first,
        wallDiffMs:
          index === 0 ? undefined : summarize(runs.map((r, i) => r.wallMs - base[i]!.wallMs)),
        cpuDiffMs:
          index === 0 || !cpu || baseCpu.some((c) => c === undefined)
            ? undefined
            : summarize(cpu.map((c, i) => c - baseCpu[i]!)),
      };
    });
    const report: ColdStartReport = { rounds, variants };
    return {
      markdown: [
        "## Cold start: new workerd → first response",
        `Each start is a new Miniflare (a new workerd process) for one Worker, timed from \`new Miniflare(…)\` to the first 200 response to a request (which makes the Worker's one outbound fetch); workerd CPU is that process's on-CPU time until then (/proc schedstat, all threads), and the part spent after Miniflare reported ready, i.e. on the first request. ${rounds} alternated rounds after one untimed start of each; median (min … max); Δ is paired: minus bare in the same round. The target is judged on Δ CPU: starting a Worker is CPU-bound, so on an idle machine its extra CPU is its extra latency, while the wall time here also counts Miniflare's own setup in Node and every other process on a shared machine, whose spread is far above 2 ms.`,
        table(
          [
            "Worker",
            "wall ms:",
            "Δ wall vs bare ms:",
            "workerd CPU ms:",
            "of which 1st request ms:",
            "Δ CPU vs bare ms:",
          ],
          variants.map((v) => [
            v.label,
            ms(v.wallMs),
            ms(v.wallDiffMs, true),
            ms(v.cpuMs),
            ms(v.firstRequestCpuMs),
            ms(v.cpuDiffMs, true),
          ]),
        ),
      ],
      targets: coldStartTargets(report),
      data: report,
    };
  },
};
