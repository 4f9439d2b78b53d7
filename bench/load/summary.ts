/**
 * Turns the alternated runs into per-variant statistics and per-round ratios.
 * @module
 */
import { summarize } from "../micro/run.js";
import type { RunSample } from "./run.js";
import type { VariantResult } from "./settings.js";
import type { Target } from "./target.js";

/**
 * @param targets - in order; the first is the base.
 * @param samples - per target id, one sample per round.
 * @returns per target, medians and ratios to the base within each round.
 */
export function summarizeGroup(
  targets: readonly Target[],
  samples: ReadonlyMap<string, readonly RunSample[]>,
): VariantResult[] {
  const base = samples.get(targets[0]!.id)!;
  return targets.map(({ id, label }) => {
    const runs = samples.get(id)!;
    const pick = (f: (s: RunSample) => number): number[] => runs.map(f);
    const perRound = (f: (s: RunSample) => number): number[] =>
      runs.map((run, i) => f(run) / f(base[i]!));
    const sum = (f: (s: RunSample) => number): number => runs.reduce((n, run) => n + f(run), 0);
    const upstream = sum((s) => s.upstream.upstream);
    return {
      id,
      label,
      samples: runs,
      reqPerSec: summarize(pick((s) => s.reqPerSec)),
      p50: summarize(pick((s) => s.p50)),
      p99: summarize(pick((s) => s.p99)),
      cpuUsPerRequest: summarize(pick((s) => s.cpuUsPerRequest)),
      cpuRatio: summarize(perRound((s) => s.cpuUsPerRequest)),
      throughputRatio: summarize(perRound((s) => s.reqPerSec)),
      tracedShare: upstream > 0 ? sum((s) => s.upstream.traced) / upstream : 0,
      exportsPerRequest:
        sum((s) => s.upstream.exports) /
        Math.max(
          1,
          sum((s) => s.requests),
        ),
    };
  });
}
