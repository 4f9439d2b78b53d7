/**
 * Markdown tables and the number formats every section uses.
 * @module
 */

/**
 * @param head - column titles; a title ending in `:` is right-aligned (the colon is dropped).
 * @param rows - cells, already formatted.
 * @returns a GitHub-flavoured Markdown table.
 * @example
 * table(["case", "µs:"], [["extract", "1.20"]]);
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const right = head.map((title) => title.endsWith(":"));
  const titles = head.map((title, i) => (right[i] ? title.slice(0, -1) : title));
  const rule = right.map((r) => (r ? "---:" : "---"));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(titles), `|${rule.join("|")}|`, ...rows.map(line)].join("\n");
}

/** Nanoseconds as microseconds with 2 decimals (3 below 1 µs). */
export function micros(ns: number): string {
  const us = ns / 1000;
  return us < 1 ? us.toFixed(3) : us.toFixed(2);
}

/** A ratio such as `6.10×`. */
export function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** Bytes as KiB with 2 decimals, as wrangler prints them. */
export function kibText(bytes: number | undefined): string {
  return bytes === undefined ? "—" : (bytes / 1024).toFixed(2);
}

/** `✅ pass`, `❌ FAIL`, or `— n/a`. */
export function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return "— n/a";
  return pass ? "✅ pass" : "❌ FAIL";
}
