/**
 * The size section's Markdown.
 * @module
 */
import { kibText, table } from "../markdown.js";
import type { SizeRow } from "./measure.js";

/**
 * @param rows - the measured Workers.
 * @returns minified and gzipped KiB, by esbuild and by wrangler, with notes.
 */
export function workersTable(rows: readonly SizeRow[]): string {
  return table(
    [
      "Worker",
      "library",
      "esbuild KiB:",
      "esbuild gzip KiB:",
      "wrangler KiB:",
      "wrangler gzip KiB:",
      "notes",
    ],
    rows.map((row) => [
      row.label,
      row.library,
      kibText(row.esbuild?.bytes),
      kibText(row.esbuild?.gzipBytes),
      kibText(row.wrangler?.bytes),
      kibText(row.wrangler?.gzipBytes),
      row.notes.join("; "),
    ]),
  );
}

/**
 * @param rows - the measured entry points.
 * @returns minified and gzipped KiB of each whole entry point (every export kept).
 */
export function entryPointsTable(rows: readonly SizeRow[]): string {
  return table(
    ["entry point", "file", "esbuild KiB:", "esbuild gzip KiB:", "notes"],
    rows.map((row) => [
      row.id,
      row.label,
      kibText(row.esbuild?.bytes),
      kibText(row.esbuild?.gzipBytes),
      row.notes.join("; "),
    ]),
  );
}

/**
 * @param rows - the measured Workers; only edge-trace ones with a composition are shown.
 * @param top - files per Worker.
 * @returns where each edge-trace Worker's minified bytes come from.
 */
export function compositionTable(rows: readonly SizeRow[], top = 8): string {
  const lines: string[][] = [];
  for (const row of rows) {
    if (!row.composition || !row.esbuild) continue;
    const shown = row.composition.slice(0, top);
    const rest = row.composition.slice(top).reduce((sum, share) => sum + share.bytes, 0);
    const files = shown.map(
      (share) => `${share.file.replace(/^.*node_modules\//, "")} ${share.bytes}`,
    );
    if (rest > 0) files.push(`others ${rest}`);
    lines.push([row.label, String(row.esbuild.bytes), files.join(", ")]);
  }
  return table(
    ["Worker", "minified bytes:", "largest inputs (bytes in the minified bundle)"],
    lines,
  );
}
