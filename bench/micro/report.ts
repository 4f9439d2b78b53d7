/**
 * The micro section's Markdown.
 * @module
 */
import { micros, table, times } from "../markdown.js";
import { CASES } from "./cases.js";
import type { Stats } from "./run.js";
import type { MicroReport } from "./settings.js";

const ratio = (stats: Stats | undefined): string =>
  stats ? `${times(stats.median)} (${stats.min.toFixed(2)}–${stats.max.toFixed(2)})` : "—";

/**
 * @param reports - one per runtime.
 * @returns the table: per runtime and case, median µs per operation and per-round ratios.
 */
export function microTable(reports: readonly MicroReport[]): string {
  const rows: string[][] = [];
  for (const report of reports) {
    for (const name of CASES) {
      const result = report.cases[name];
      rows.push([
        `${report.runtime}${report.clock === "wall" ? " (wall)" : ""}`,
        name,
        micros(result.perOp["edge-trace"].median),
        micros(result.perOp.otel.median),
        micros(result.perOp.floor.median),
        ratio(result.ratios["otel/edge-trace"]),
        ratio(result.ratios["edge-trace/floor"]),
        ratio(result.ratios["floor/otel"]),
      ]);
    }
  }
  return table(
    [
      "runtime",
      "case",
      "edge-trace µs:",
      "OpenTelemetry µs:",
      "floor µs:",
      "OTel ÷ edge-trace (min–max):",
      "edge-trace ÷ floor:",
      "floor ÷ OTel:",
    ],
    rows,
  );
}

/**
 * @param reports - one per runtime; those without a breakdown are left out.
 * @returns median µs of each step of edge-trace's extract and inject, per runtime.
 */
export function breakdownTable(reports: readonly MicroReport[]): string {
  const withSteps = reports.filter((r) => r.breakdown && r.breakdown.length > 0);
  const first = withSteps[0]?.breakdown ?? [];
  const rows = first.map(({ step }) => [
    step,
    ...withSteps.map((r) => {
      const found = r.breakdown?.find((s) => s.step === step);
      return found ? micros(found.ns.median) : "—";
    }),
  ]);
  return table(["step (realistic headers)", ...withSteps.map((r) => `${r.runtime} µs:`)], rows);
}
