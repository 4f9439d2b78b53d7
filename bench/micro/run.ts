/**
 * The runner every runtime shares: calibrate, then alternate rounds of the
 * implementations, and report medians and per-round ratios. Pure apart from
 * the clock and the work it is handed, so the same code runs in Node, Bun,
 * Deno and (as the client of) workerd.
 * @module
 */

/** A summary of samples. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** A ratio between two implementations: `numerator` time ÷ `denominator` time, per round. */
export type RatioSpec<K extends string> = readonly [numerator: K, denominator: K];

/** What {@link runRounds} returns. */
export interface RoundsResult<K extends string> {
  /** Nanoseconds per operation, one sample per round. */
  readonly perOp: Record<K, Stats>;
  /** `"a/b"` → a's time ÷ b's time, computed within each round, then summarised. */
  readonly ratios: Record<string, Stats>;
}

/** Milliseconds from a monotonic clock (`performance.now`). */
export type Clock = () => number;

/** The last result of the work, kept where the optimizer cannot prove it unused. */
export const blackhole: { value: unknown } = { value: undefined };

/**
 * Times `iterations` calls of `work(input)`.
 * @returns nanoseconds per call.
 */
export function timeBatch<I>(
  now: Clock,
  work: (input: I) => unknown,
  input: I,
  iterations: number,
): number {
  let kept: unknown;
  const start = now();
  for (let i = 0; i < iterations; i++) kept = work(input);
  const elapsed = now() - start;
  blackhole.value = kept;
  return (elapsed * 1e6) / iterations;
}

/**
 * Warms the work up for `warmupMs` (so the JIT has optimized it), then finds
 * how many calls fill `targetMs` by doubling.
 * @returns the iteration count for one batch.
 */
export function calibrate<I>(
  now: Clock,
  work: (input: I) => unknown,
  input: I,
  targetMs: number,
  warmupMs: number = targetMs * 5,
): number {
  const warmupEnd = now() + warmupMs;
  for (let n = 1; now() < warmupEnd; n = Math.min(n * 2, 1 << 16)) timeBatch(now, work, input, n);
  let iterations = 1;
  for (;;) {
    const elapsedMs = (timeBatch(now, work, input, iterations) * iterations) / 1e6;
    if (elapsedMs >= targetMs / 2 || iterations >= 1 << 26) {
      return Math.max(1, Math.round((iterations * targetMs) / Math.max(elapsedMs, 1e-6)));
    }
    iterations *= 2;
  }
}

/**
 * Runs `rounds` rounds; each round samples every implementation once, in an
 * order rotated each round (A B C, B C A, C A B, …) so that none always
 * runs first or after the same neighbour.
 *
 * @param impls - the implementations, in report order.
 * @param rounds - how many rounds.
 * @param sample - one timed batch of `impl`: nanoseconds per operation.
 * @param ratios - the ratios to compute per round.
 * @returns medians and per-round ratios.
 * @example
 * await runRounds(["a", "b"], 5, (impl) => timeBatch(now, work[impl], input, n[impl]), [["b", "a"]]);
 */
export async function runRounds<K extends string>(
  impls: readonly K[],
  rounds: number,
  sample: (impl: K) => number | Promise<number>,
  ratios: readonly RatioSpec<K>[],
): Promise<RoundsResult<K>> {
  const samples = new Map<K, number[]>(impls.map((impl) => [impl, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < impls.length; i++) {
      const impl = impls[(round + i) % impls.length]!;
      samples.get(impl)!.push(await sample(impl));
    }
  }
  const perOp = Object.fromEntries(
    impls.map((impl) => [impl, summarize(samples.get(impl)!)]),
  ) as Record<K, Stats>;
  const ratioStats: Record<string, Stats> = {};
  for (const [num, den] of ratios) {
    const a = samples.get(num)!;
    const b = samples.get(den)!;
    ratioStats[`${num}/${den}`] = summarize(a.map((x, i) => x / b[i]!));
  }
  return { perOp, ratios: ratioStats };
}

/**
 * @param samples - at least one number.
 * @returns median (mean of the middle two for an even count), min and max.
 */
export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}
