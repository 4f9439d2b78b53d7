/**
 * The load section's Markdown.
 * @module
 */
import { table, times } from "../markdown.js";
import type { Stats } from "../micro/run.js";
import type { LoadGroup } from "./settings.js";

const range = (stats: Stats): string =>
  stats.samples.length > 1 ? ` (${stats.min.toFixed(2)}–${stats.max.toFixed(2)})` : "";
const percent = (share: number): string => `${(share * 100).toFixed(0)} %`;

/**
 * @param groups - one per runtime.
 * @returns per variant: medians over the rounds and ratios to the group's base within each round.
 */
export function loadTable(groups: readonly LoadGroup[]): string {
  const rows: string[][] = [];
  for (const group of groups) {
    group.variants.forEach((v, i) => {
      const errors = v.samples.reduce((n, s) => n + s.errors + s.non2xx, 0);
      rows.push([
        group.runtime,
        v.label + (errors > 0 ? ` (${errors} errors/non-2xx)` : ""),
        v.reqPerSec.median.toFixed(0),
        v.p50.median.toFixed(1),
        v.p99.median.toFixed(1),
        v.cpuUsPerRequest.median.toFixed(0),
        i === 0 ? "1" : `${times(v.cpuRatio.median)}${range(v.cpuRatio)}`,
        i === 0 ? "1" : `${times(v.throughputRatio.median)}${range(v.throughputRatio)}`,
        percent(v.tracedShare),
        v.exportsPerRequest.toFixed(2),
      ]);
    });
  }
  return table(
    [
      "runtime",
      "variant",
      "req/s:",
      "p50 ms:",
      "p99 ms:",
      "CPU µs/req:",
      "CPU ÷ bare (min–max):",
      "req/s ÷ bare (min–max):",
      "upstream saw traceparent:",
      "OTLP POSTs/req:",
    ],
    rows,
  );
}
