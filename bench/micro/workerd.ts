/**
 * The micro benchmark in workerd, timed from outside: the Worker
 * ({@link ./worker.ts}) runs N iterations per request under miniflare on
 * 127.0.0.1, and one operation costs (time of an N-iteration request −
 * time of an empty request) ÷ N, with full and empty requests alternated.
 * @module
 */
import { Miniflare } from "miniflare";
import { CASES, type CaseName, IMPLS, type Impl } from "./cases.js";
import { MALFORMED, REALISTIC } from "./fixtures.js";
import { findChild, processCpuClock } from "./proc-clock.js";
import { type RoundsResult, runRounds, summarize } from "./run.js";
import { type MicroReport, type MicroSettings, RATIOS } from "./settings.js";

/** Request pairs (full, empty) per sample, and how long a full request should take. */
const PAIRS = 3;
/** Iterations of the probe request that sizes N. */
const PROBE = 200;

/**
 * @param scriptPath - the bundled Worker (bench/micro/worker.ts).
 * @param settings - batch length (one full request) and rounds.
 * @param log - progress output.
 * @returns the report for workerd.
 */
export async function runWorkerd(
  scriptPath: string,
  settings: MicroSettings,
  log: (line: string) => void,
): Promise<MicroReport> {
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    compatibilityDate: "2025-06-01",
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const base = await mf.ready;
    const problems = (await (await fetch(new URL("/check", base))).json()) as string[];
    if (problems.length > 0) {
      throw new Error(`like-for-like check failed in workerd:\n${problems.join("\n")}`);
    }
    // workerd's own CPU time when /proc allows (the request's wall time also
    // counts the client and every other process on the machine).
    const pid = settings.clock === "wall" ? undefined : findChild("workerd");
    const cpu = pid === undefined ? undefined : processCpuClock(pid);
    const clock = cpu ? "cpu" : "wall";
    const now = cpu ?? ((): number => performance.now());
    const cases = {} as Record<CaseName, RoundsResult<Impl>>;
    for (const name of CASES) {
      cases[name] = await runCase(base, name, settings, now);
      log(`  workerd: ${name} done`);
    }
    return { runtime: `workerd (miniflare ${await miniflareVersion()})`, clock, cases };
  } finally {
    await mf.dispose();
  }
}

async function runCase(
  base: URL,
  name: CaseName,
  settings: MicroSettings,
  now: () => number,
): Promise<RoundsResult<Impl>> {
  // `host` is the connection's own; the rest of the fixture is sent as is.
  const { host: _host, ...headers } = name === "malformed" ? MALFORMED : REALISTIC;
  const timed = async (impl: Impl, n: number): Promise<number> => {
    const url = new URL(`/run?case=${encodeURIComponent(name)}&impl=${impl}&n=${n}`, base);
    const start = now();
    const response = await fetch(url, { headers });
    await response.text();
    const elapsed = now() - start;
    if (!response.ok) throw new Error(`workerd answered ${response.status} for ${url}`);
    return elapsed;
  };
  const perOpNs = async (impl: Impl, n: number, pairs: number): Promise<number> => {
    const full: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < pairs; i++) {
      full.push(await timed(impl, n));
      empty.push(await timed(impl, 0));
    }
    return (Math.max(0, summarize(full).median - summarize(empty).median) * 1e6) / n;
  };
  const iterations = {} as Record<Impl, number>;
  for (const impl of IMPLS) {
    await perOpNs(impl, PROBE, 2); // warm-up: JIT and connection
    const ns = Math.max(await perOpNs(impl, PROBE * 5, 2), 1);
    iterations[impl] = Math.max(PROBE, Math.round((settings.batchMs * 1e6) / ns));
  }
  return runRounds(
    IMPLS,
    settings.rounds,
    (impl) => perOpNs(impl, iterations[impl], PAIRS),
    RATIOS,
  );
}

async function miniflareVersion(): Promise<string> {
  const pkg = await import("miniflare/package.json", { with: { type: "json" } });
  return (pkg.default as { version: string }).version;
}
