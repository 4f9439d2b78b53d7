/**
 * One timed run against a target, and alternated rounds of them: autocannon
 * on 127.0.0.1 with fixed connections and duration, the target's CPU time
 * read from /proc before and after (after a short settle, so the work a
 * Worker does in `waitUntil` once the response is sent is counted too).
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import autocannon, { type Result } from "autocannon";
import { cpuMs } from "./proc.js";
import type { Target } from "./target.js";
import type { Upstream } from "./upstream.js";
import type { UpstreamStats } from "./upstream-stats.js";

/** How hard and how long to push. */
export interface LoadSettings {
  readonly connections: number;
  /** Seconds per timed run. */
  readonly seconds: number;
  /** Alternated rounds (each variant once per round, order rotated). */
  readonly rounds: number;
  /** Seconds of untimed load per target before the first round. */
  readonly warmupSeconds: number;
  /** Requests per second over all connections; absent: as fast as the target answers. */
  readonly rate?: number | undefined;
}

/** What one run measured. */
export interface RunSample {
  readonly reqPerSec: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Responses received (2xx and others). */
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** The target's CPU time per response, µs. */
  readonly cpuUsPerRequest: number;
  /** What reached the upstream and the sink during the run. */
  readonly upstream: UpstreamStats;
}

/** After the last response, how long a Worker may still be flushing spans (and stragglers arrive). */
const SETTLE_MS = 300;

/**
 * @param url - the target.
 * @param connections - concurrent connections.
 * @param seconds - how long.
 * @param rate - requests per second over all connections (default: saturating).
 * @returns autocannon's result.
 */
export function cannon(
  url: string,
  connections: number,
  seconds: number,
  rate?: number,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const paced = rate === undefined ? {} : { overallRate: rate };
    autocannon({ url, connections, duration: seconds, ...paced }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * @param url - the target.
 * @param connections - concurrent connections.
 * @param amount - requests to send in all.
 * @returns autocannon's result once `amount` responses arrived.
 */
export function sendRequests(url: string, connections: number, amount: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * @param target - the server.
 * @param upstream - the upstream, whose counters are reset before the run.
 * @param settings - connections and duration.
 * @returns the run's throughput, latency and CPU per request.
 */
export async function timedRun(
  target: Target,
  upstream: Upstream,
  settings: Pick<LoadSettings, "connections" | "seconds" | "rate">,
): Promise<RunSample> {
  // Responses still in flight from the previous run must not count in this one.
  await sleep(SETTLE_MS);
  await upstream.reset();
  const cpuBefore = cpuMs(target.pid);
  const result = await cannon(target.url, settings.connections, settings.seconds, settings.rate);
  await sleep(SETTLE_MS);
  const cpu = cpuMs(target.pid) - cpuBefore;
  const requests = result["2xx"] + result.non2xx;
  return {
    reqPerSec: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuUsPerRequest: requests > 0 ? (cpu * 1000) / requests : Number.NaN,
    upstream: await upstream.stats(),
  };
}

/**
 * @param target - the server.
 * @param settings - connections and warm-up length.
 * @returns once the target has served untimed load (JIT, connection pools).
 */
export async function warmUp(target: Target, settings: LoadSettings): Promise<void> {
  await cannon(target.url, settings.connections, settings.warmupSeconds);
}

/**
 * Runs `rounds` rounds; each runs every target once, in an order rotated
 * each round, so none always runs first or after the same neighbour.
 * @param targets - the first is the base of the ratios.
 * @param upstream - the shared upstream.
 * @param settings - load settings.
 * @param log - progress.
 * @returns per target, one sample per round (round order).
 */
export async function alternate(
  targets: readonly Target[],
  upstream: Upstream,
  settings: LoadSettings,
  log: (line: string) => void,
): Promise<Map<string, RunSample[]>> {
  const samples = new Map<string, RunSample[]>(targets.map((t) => [t.id, []]));
  for (const target of targets) await warmUp(target, settings);
  for (let round = 0; round < settings.rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length]!;
      const sample = await timedRun(target, upstream, settings);
      samples.get(target.id)!.push(sample);
      log(
        `  load: round ${round + 1} ${target.id}: ${sample.reqPerSec.toFixed(0)} req/s, ${sample.cpuUsPerRequest.toFixed(0)} µs CPU/req`,
      );
    }
  }
  return samples;
}
