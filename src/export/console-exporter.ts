/**
 * A console exporter for local development: a tree per trace, or one line
 * per span, with durations. It writes only because the user asked for it
 * (`exporter: consoleExporter()`), through a writer that defaults to `console.log`.
 * @module
 */

import type { Attributes, AttributeValue, FinishedSpan } from "../trace/span-data.js";
import type { ExportFunction } from "./export-function.js";

/** Options of {@link createConsoleExporter}. */
export interface ConsoleExporterOptions {
  /** Receives one string per trace (tree) or per span (line). Default `console.log`. */
  readonly write?: ((text: string) => void) | undefined;
  /** `"tree"` (default) or `"line"`. */
  readonly format?: "tree" | "line" | undefined;
}

/**
 * @param options - the writer and format.
 * @returns an exporter that prints spans.
 * @example
 * withTrace(handler, { exporter: createConsoleExporter({ format: "line" }) });
 * // GET /users server 12.3 ms status=200 trace=4bf9… span=00f0…
 */
export function createConsoleExporter(options: ConsoleExporterOptions = {}): ExportFunction {
  const write = options.write ?? ((text: string) => console.log(text));
  const format = options.format ?? "tree";
  return async function exportToConsole(spans) {
    const texts = format === "line" ? spans.map(formatSpanLine) : formatSpanTrees(spans);
    for (const text of texts) write(text);
  };
}

/** One line: name, kind, duration, status, attributes, then the ids. */
export function formatSpanLine(span: FinishedSpan): string {
  const parent = span.parentSpanId ? ` parent=${span.parentSpanId}` : "";
  return `${describe(span)} trace=${span.traceId} span=${span.spanId}${parent}`;
}

/**
 * One multi-line string per trace: its spans as a tree, children under
 * their parent in start order. A span whose parent is not in the batch (a
 * remote caller, or a parent still running) starts its own tree.
 */
export function formatSpanTrees(spans: readonly FinishedSpan[]): string[] {
  const byTrace = new Map<string, FinishedSpan[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  const out: string[] = [];
  for (const [traceId, list] of byTrace) {
    const ids = new Set(list.map((s) => s.spanId));
    const children = new Map<string | undefined, FinishedSpan[]>();
    for (const span of [...list].sort((a, b) => a.startTime - b.startTime)) {
      const key = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
      const siblings = children.get(key);
      if (siblings) siblings.push(span);
      else children.set(key, [span]);
    }
    const lines = [`trace ${traceId}`];
    const walk = (span: FinishedSpan, prefix: string, last: boolean): void => {
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${describe(span)}`);
      const inner = prefix + (last ? "   " : "│  ");
      for (const event of span.events) {
        lines.push(
          `${inner}• ${event.name} +${duration(event.time - span.startTime)}${attrs(event.attributes)}`,
        );
      }
      const kids = children.get(span.spanId) ?? [];
      kids.forEach((kid, i) => {
        walk(kid, inner, i === kids.length - 1);
      });
    };
    const roots = children.get(undefined) ?? [];
    roots.forEach((root, i) => {
      walk(root, "", i === roots.length - 1);
    });
    out.push(lines.join("\n"));
  }
  return out;
}

function describe(span: FinishedSpan): string {
  const status =
    span.status.code === "error"
      ? ` ERROR${span.status.message ? ` ${JSON.stringify(span.status.message)}` : ""}`
      : span.status.code === "ok"
        ? " OK"
        : "";
  return `${span.name} ${span.kind} ${duration(span.endTime - span.startTime)}${status}${attrs(span.attributes)}`;
}

/** `0.42 ms`, `12.3 ms`, `1.25 s`. */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

function attrs(attributes: Attributes): string {
  let out = "";
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out += ` ${key}=${show(value)}`;
  }
  return out;
}

function show(value: AttributeValue): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
