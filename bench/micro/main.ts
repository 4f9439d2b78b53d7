/**
 * The micro benchmark inside one runtime (Node, Bun or Deno run the same
 * bundle): like-for-like check, then every case, then one JSON line on
 * stdout for the orchestrator. Progress goes to stderr.
 * @module
 */
import { breakdown } from "./breakdown.js";
import { CASES, type CaseName, IMPLS, type Impl, makeCases } from "./cases.js";
import { checkLikeForLike } from "./check.js";
import { MALFORMED, REALISTIC } from "./fixtures.js";
import { calibrate, type RatioSpec, type RoundsResult, runRounds, timeBatch } from "./run.js";
import { MICRO_MARKER, type MicroReport, microSettings, RATIOS } from "./settings.js";

interface RuntimeGlobals {
  Deno?: { args: string[]; version: { deno: string } };
  Bun?: { version: string };
  process?: {
    argv: string[];
    versions: Record<string, string>;
    exitCode?: number;
    cpuUsage?: () => { user: number; system: number };
  };
}

const runtime = globalThis as RuntimeGlobals;
const args = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? [];

function runtimeName(): string {
  if (runtime.Deno) return `Deno ${runtime.Deno.version.deno}`;
  if (runtime.Bun) return `Bun ${runtime.Bun.version}`;
  return `Node ${runtime.process?.versions.node ?? "?"}`;
}

/**
 * CPU time of this process (µs resolution in Node, Bun and Deno), unless
 * `--clock=wall`: on a shared machine, time spent descheduled is not the
 * code's cost, and wall time would count it.
 */
function pickClock(): { now: () => number; clock: "cpu" | "wall" } {
  const cpuUsage = runtime.process?.cpuUsage;
  if (cpuUsage && !args.includes("--clock=wall")) {
    return {
      now: () => {
        const { user, system } = cpuUsage();
        return (user + system) / 1000;
      },
      clock: "cpu",
    };
  }
  return { now: () => performance.now(), clock: "wall" };
}

async function main(): Promise<MicroReport> {
  const settings = microSettings(args.includes("--quick"));
  const realistic = new Headers(REALISTIC);
  const malformed = new Headers(MALFORMED);
  const problems = checkLikeForLike(realistic, malformed);
  if (problems.length > 0) throw new Error(`like-for-like check failed:\n${problems.join("\n")}`);
  const { now, clock } = pickClock();
  const cases = makeCases(realistic, malformed);
  const results = {} as Record<CaseName, RoundsResult<Impl>>;
  for (const name of CASES) {
    const { input, work } = cases[name];
    const iterations = {} as Record<Impl, number>;
    for (const impl of IMPLS)
      iterations[impl] = calibrate(now, work[impl], input, settings.batchMs);
    const ratios: readonly RatioSpec<Impl>[] = RATIOS;
    results[name] = await runRounds(
      IMPLS,
      settings.rounds,
      (impl) => timeBatch(now, work[impl], input, iterations[impl]),
      ratios,
    );
    console.error(`  ${runtimeName()}: ${name} done`);
  }
  // Fewer rounds: a diagnostic of where the time goes, not a comparison.
  const steps = await breakdown(
    now,
    settings.batchMs,
    Math.max(3, Math.round(settings.rounds / 3)),
  );
  console.error(`  ${runtimeName()}: breakdown done`);
  return { runtime: runtimeName(), clock, cases: results, breakdown: steps };
}

main().then(
  (report) => console.log(`${MICRO_MARKER}${JSON.stringify(report)}`),
  (error: unknown) => {
    console.error(error);
    if (runtime.process) runtime.process.exitCode = 1;
    else throw error;
  },
);
