/**
 * The caller-route table the demo prints after the waterfall: calls, mean
 * and p95 per `caller route > route`, from the metrics its receiver got.
 */
import { painter, type Style } from "./report.js";
import { p95, type RouteRow } from "./signals.js";

/**
 * @param rows - the receiver's rows.
 * @param style - colour and width.
 * @returns the table as lines for the terminal.
 */
export function formatRoutes(rows: readonly RouteRow[], style: Style): string {
  const p = painter(style);
  const sorted = [...rows].sort(
    (a, b) => a.service.localeCompare(b.service) || a.caller.localeCompare(b.caller),
  );
  const names = sorted.map((r) => `${r.caller} > ${r.route}`);
  const width = Math.max(24, ...names.map((n) => n.length));
  const ms = (seconds: number): string => `${(seconds * 1000).toFixed(1)} ms`.padStart(10);
  const lines = [
    p.bold("calls by caller route (http.server.request.duration, from the exported metrics)"),
    p.dim(
      `  ${"service".padEnd(16)} ${"caller route > route".padEnd(width)} ${"calls".padStart(5)} ${"mean".padStart(10)} ${"p95".padStart(10)}`,
    ),
  ];
  sorted.forEach((row, i) => {
    const mean = row.count > 0 ? row.sum / row.count : 0;
    lines.push(
      `  ${row.service.padEnd(16)} ${names[i]!.padEnd(width)} ${String(row.count).padStart(5)} ${ms(mean)} ${ms(p95(row))}`,
    );
  });
  if (sorted.length === 0) lines.push(p.dim("  (no metrics arrived)"));
  return lines.join("\n");
}
