/**
 * What the demo prints about a trace: its id, the waterfall, and the
 * baggage each service received.
 */
import { baggageByService, type DemoSpan } from "./span-tree.js";
import { renderTerminal } from "./waterfall-terminal.js";

/** How to print. */
export interface Style {
  readonly colour: boolean;
  readonly width: number;
}

/**
 * Whether to use colour: only on a terminal, never when `NO_COLOR` is set
 * (https://no-color.org), always when `FORCE_COLOR` is set to anything but 0.
 * @param stream - the output stream.
 * @param env - the environment.
 */
export function useColour(
  stream: { isTTY?: boolean; hasColors?: () => boolean },
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return env.FORCE_COLOR !== "0";
  // hasColors() also says no for TERM=dumb.
  return stream.isTTY === true && (stream.hasColors?.() ?? true);
}

/**
 * @param style - colour and width.
 * @returns functions that paint text, or leave it plain.
 */
export function painter(style: Style): {
  bold(t: string): string;
  dim(t: string): string;
  ok(t: string): string;
  bad(t: string): string;
} {
  const paint =
    (code: number) =>
    (text: string): string =>
      style.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  return { bold: paint(1), dim: paint(2), ok: paint(32), bad: paint(31) };
}

/**
 * @param spans - the trace's spans.
 * @param style - colour and width.
 * @returns the trace as lines for the terminal.
 */
export function formatTrace(spans: readonly DemoSpan[], style: Style): string {
  const p = painter(style);
  const traceId = spans[0]?.traceId ?? "?";
  const services = new Set(spans.map((s) => s.service));
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.endMs));
  const lines = [
    `${p.bold("trace")} ${traceId}  ${p.dim(`${spans.length} spans, ${services.size} services, ${(end - start).toFixed(1)} ms`)}`,
    "",
    renderTerminal(spans, style),
    "",
    p.bold("baggage received"),
  ];
  for (const [service, baggage] of baggageByService(spans)) {
    lines.push(`  ${service.padEnd(16)} ${baggage === "" ? p.dim("(none)") : baggage}`);
  }
  return lines.join("\n");
}
