/**
 * The lambda-collector section's table and targets.
 * @module
 */
import { table } from "../markdown.js";
import type { Stats } from "../micro/run.js";
import type { TargetResult } from "../targets.js";
import type { RowResult } from "./rows.js";

/** The target with the extension: at most this much added to the response. */
export const EXTENSION_ADDED_MS = 50;
/** Time a loaded 2-core machine may add to a timer (as test/lambda/bounded-flush.test.ts). */
const TIMER_SLACK_MS = 250;

interface Format {
  readonly sign?: boolean;
  /** Decimals below 10 ms (performance.now() figures); the double's Date.now() ones get none. */
  readonly digits?: number;
}

const num = (x: number, { sign = false, digits = 0 }: Format = {}): string => {
  const abs = Math.abs(x);
  const text = abs < 10 ? abs.toFixed(digits) : Math.round(abs).toLocaleString("en");
  return `${x < 0 ? "−" : sign ? "+" : ""}${text}`;
};
const stats = (s: Stats, format: Format = {}): string =>
  s.samples.length === 1
    ? num(s.median, format)
    : `${num(s.median, format)} (${num(s.min, format)} … ${num(s.max, format)})`;

/**
 * @param results - one per collector row.
 * @returns the table: bare, added with the extension (and when it let go), added called directly.
 */
export function collectorTable(results: readonly RowResult[]): string {
  return table(
    [
      "collector",
      "without edge-trace (bare handler) ms:",
      "edge-trace, extension (the default in Lambda): added ms:",
      "extension's /event/next, ms after /next:",
      "edge-trace, handler called directly (no Runtime API: bounded flush before return): added ms:",
    ],
    results.map((r) => [
      r.row.label,
      `${stats(r.bareMs)}; called directly ${num(r.bareDirectMs.median, { digits: 3 })}`,
      stats(r.extensionAddedMs, { sign: true }),
      r.eventNextMs === undefined
        ? "—"
        : `${stats(r.eventNextMs)}${r.row.eventNextIn === "first" ? " (first sample only)" : ""}; deadline − margin ${num(r.eventNextBoundMs)}`,
      stats(r.directAddedMs, { sign: true, digits: 1 }),
    ]),
  );
}

/**
 * @param results - one per collector row.
 * @param budgetMs - the default flush budget (`flushBudgetMs`).
 * @returns the down-collector targets, judged on paired medians.
 */
export function collectorTargets(results: readonly RowResult[], budgetMs: number): TargetResult[] {
  const down = results.filter((r) => r.row.down !== undefined);
  const hanging = results.filter((r) => r.row.down === "hanging");
  const measured = (rows: readonly RowResult[], of: (r: RowResult) => Stats, format: Format) => {
    const medians = rows.map((r) => `${r.row.id} ${num(of(r).median, format)} ms`).join(", ");
    const largest = Math.max(...rows.map((r) => of(r).max));
    return `${medians} (paired medians; largest sample ${num(largest, format)} ms)`;
  };
  return [
    {
      target: `Lambda: a down collector adds ≤ ${EXTENSION_ADDED_MS} ms to the response, with the extension`,
      measured: measured(down, (r) => r.extensionAddedMs, { sign: true }),
      pass: down.every((r) => r.extensionAddedMs.median <= EXTENSION_ADDED_MS),
    },
    {
      target: `Lambda, handler called directly: a hanging collector adds ≤ the ${budgetMs / 1000} s flush budget (+ ${TIMER_SLACK_MS} ms slack)`,
      measured: measured(hanging, (r) => r.directAddedMs, { sign: true, digits: 1 }),
      pass: hanging.every((r) => r.directAddedMs.median <= budgetMs + TIMER_SLACK_MS),
    },
  ];
}
