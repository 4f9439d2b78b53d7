/**
 * Small helpers: the HTML file of a trace, and random hex ids.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DemoLog } from "./signals.js";
import type { DemoSpan } from "./span-tree.js";
import { renderHtml } from "./waterfall-html.js";

/**
 * Writes `trace-<id>.html` into `dir` (created if missing), with each span's logs.
 * @returns the file's absolute path.
 */
export function writeHtmlFile(
  dir: string,
  spans: readonly DemoSpan[],
  traceId: string,
  logs: readonly DemoLog[] = [],
): string {
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `trace-${traceId}.html`);
  writeFileSync(file, renderHtml(spans, `edge-trace: trace ${traceId}`, logs));
  return file;
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}
