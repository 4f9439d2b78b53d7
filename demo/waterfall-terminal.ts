/**
 * Draws a trace as a waterfall in the terminal: one row per span, indented
 * by parent, with service, name, status and a bar on a shared time axis.
 */
import { callees, type DemoSpan, type Row, timeAxis, toRows } from "./span-tree.js";

// No green or red: those mean ok and error in the status column.
const SERVICE_COLOURS = [36, 35, 33, 34, 96, 95, 93, 94];
const SERVICE_WIDTH = 16;
const NAME_WIDTH = 44;

/** Options for {@link renderTerminal}. */
export interface TerminalOptions {
  readonly colour: boolean;
  readonly width?: number;
}

/** Renders the waterfall as lines of text. */
export function renderTerminal(spans: readonly DemoSpan[], options: TerminalOptions): string {
  const rows = toRows(spans);
  const axis = timeAxis(spans);
  const barWidth = Math.max(20, (options.width ?? 100) - (SERVICE_WIDTH + NAME_WIDTH + 20));
  // Colours in the order services appear in the waterfall, so a run looks like the last.
  const services = [...new Set(rows.map((r) => r.span.service))];
  const called = callees(spans);
  const paint = (code: number, text: string): string =>
    options.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  const header = `${"service".padEnd(SERVICE_WIDTH)} ${"span".padEnd(NAME_WIDTH)} ${"status".padEnd(6)} ${"ms".padStart(7)}  0${"".padEnd(barWidth - 8)}${formatMs(axis.end - axis.start).padStart(7)}`;
  const lines = [paint(1, header)];
  for (const row of rows) {
    lines.push(renderRow(row, axis, barWidth, services, called.get(row.span.spanId), paint));
  }
  return lines.join("\n");
}

function renderRow(
  { span, depth }: Row,
  axis: { start: number; end: number },
  barWidth: number,
  services: string[],
  callee: string | undefined,
  paint: (code: number, text: string) => string,
): string {
  const colour = SERVICE_COLOURS[services.indexOf(span.service) % SERVICE_COLOURS.length]!;
  const label = callee ? `${span.name} → ${callee}` : `${span.name} (${span.kind})`;
  const name = `${"  ".repeat(depth)}${depth > 0 ? "└ " : ""}${label}`;
  const status = span.error ? paint(31, "ERROR ") : paint(32, "ok    ");
  const scale = barWidth / (axis.end - axis.start);
  const offset = Math.min(barWidth - 1, Math.floor((span.startMs - axis.start) * scale));
  const length = Math.max(1, Math.round((span.endMs - span.startMs) * scale));
  const bar = " ".repeat(offset) + "█".repeat(Math.min(length, barWidth - offset));
  return [
    paint(colour, truncate(span.service, SERVICE_WIDTH).padEnd(SERVICE_WIDTH)),
    truncate(name, NAME_WIDTH).padEnd(NAME_WIDTH),
    status,
    formatMs(span.endMs - span.startMs).padStart(7),
    ` ${paint(colour, bar)}`,
  ].join(" ");
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}
