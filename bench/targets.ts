/**
 * The benchmark issue's targets, checked against this run (never in `npm test`
 * for timing; the size budgets are also asserted there).
 * @module
 */
import { table, times, verdict } from "./markdown.js";
import type { MicroReport } from "./micro/settings.js";
import { OTLP_VS_OTEL_CF_WORKERS, SIZE_BUDGETS } from "./size/budgets.js";
import type { SizeRow } from "./size/measure.js";

/** One target's outcome. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | undefined;
}

/** extract+inject: at least this many times faster than OpenTelemetry, per runtime. */
const SPEEDUP: readonly { readonly runtime: string; readonly atLeast: number }[] = [
  { runtime: "Node", atLeast: 6 },
  { runtime: "Bun", atLeast: 6 },
  { runtime: "workerd", atLeast: 3.5 },
];
/** "i.e. within about 1.5× of the plain-Headers floor". */
const FLOOR_FACTOR = 1.5;

/**
 * @param micro - the runtimes measured.
 * @returns the speed targets.
 */
export function speedTargets(micro: readonly MicroReport[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const { runtime, atLeast } of SPEEDUP) {
    const report = micro.find((r) => r.runtime.startsWith(runtime));
    const speedup = report?.cases["extract+inject"].ratios["otel/edge-trace"]?.median;
    const overFloor = report?.cases["extract+inject"].ratios["edge-trace/floor"]?.median;
    results.push({
      target: `${runtime}: extract+inject ≥ ${atLeast}× faster than OpenTelemetry`,
      measured: speedup === undefined ? "not run" : times(speedup),
      pass: speedup === undefined ? undefined : speedup >= atLeast,
    });
    results.push({
      target: `${runtime}: extract+inject within about ${FLOOR_FACTOR}× of the floor`,
      measured: overFloor === undefined ? "not run" : times(overFloor),
      pass: overFloor === undefined ? undefined : overFloor <= FLOOR_FACTOR,
    });
  }
  return results;
}

/** wrangler's gzip size when measured, else esbuild's (both gzip the same minified code). */
function gzipOf(row: SizeRow | undefined): { bytes: number; by: string } | undefined {
  if (row?.wrangler) return { bytes: row.wrangler.gzipBytes, by: "wrangler" };
  if (row?.esbuild) return { bytes: row.esbuild.gzipBytes, by: "esbuild" };
  return undefined;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KiB`;

/**
 * @param workers - the measured Workers.
 * @returns the size targets.
 */
export function sizeTargets(workers: readonly SizeRow[]): TargetResult[] {
  const row = (id: string): SizeRow | undefined => workers.find((w) => w.id === id);
  const results: TargetResult[] = SIZE_BUDGETS.map((budget) => {
    const size = gzipOf(row(budget.worker));
    const base = budget.base === undefined ? { bytes: 0, by: "" } : gzipOf(row(budget.base));
    if (!size || !base) {
      const why = row(budget.worker)?.notes.join("; ") || "not measured";
      return { target: budget.description, measured: why, pass: undefined };
    }
    const limit = base.bytes + budget.maxGzipBytes;
    const measured =
      budget.base === undefined
        ? `${kib(size.bytes)} (${size.by})`
        : `${kib(size.bytes)} = ${budget.base} + ${kib(size.bytes - base.bytes)} (${size.by})`;
    return { target: budget.description, measured, pass: size.bytes <= limit };
  });
  const ours = gzipOf(row("edge-otlp"));
  const theirs = gzipOf(row("otel-cf-workers"));
  results.push({
    target: `withTrace + OTLP Worker ${OTLP_VS_OTEL_CF_WORKERS}× smaller than otel-cf-workers`,
    measured:
      ours && theirs ? `${(theirs.bytes / ours.bytes).toFixed(1)}× smaller` : "not measured",
    pass: ours && theirs ? theirs.bytes / ours.bytes >= OTLP_VS_OTEL_CF_WORKERS : undefined,
  });
  return results;
}

/**
 * @param results - speed and size targets.
 * @returns the targets table.
 */
export function targetsTable(results: readonly TargetResult[]): string {
  return table(
    ["target", "measured", "result"],
    results.map((r) => [r.target, r.measured, verdict(r.pass)]),
  );
}
