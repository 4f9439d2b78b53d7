/**
 * Orders a trace's spans as a tree (parents before children, siblings by
 * start time) for the waterfall views.
 */

/** One span as the demo's receiver decodes it from OTLP. */
export interface DemoSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly service: string;
  readonly name: string;
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly error: boolean;
  readonly baggage?: string | undefined;
}

/** A span with its depth in the tree. */
export interface Row {
  readonly span: DemoSpan;
  readonly depth: number;
}

/** Depth-first rows; spans whose parent is not in the set are roots. */
export function toRows(spans: readonly DemoSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, DemoSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const rows: Row[] = [];
  const visit = (parent: string | undefined, depth: number): void => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startMs - b.startMs);
    for (const span of list) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

/** The shared time axis: the earliest start and the latest end. */
export function timeAxis(spans: readonly DemoSpan[]): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.startMs);
    end = Math.max(end, span.endMs);
  }
  return { start, end: Math.max(end, start + 1) };
}

/**
 * For each client span, the service whose server span it called: the
 * arrow in `GET → deno-api`.
 */
export function callees(spans: readonly DemoSpan[]): Map<string, string> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const out = new Map<string, string>();
  for (const span of spans) {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (span.kind === "server" && parent?.kind === "client") out.set(parent.spanId, span.service);
  }
  return out;
}

/**
 * The baggage each service's first server span recorded (`demo.baggage`).
 * @param spans - the trace's spans.
 * @returns service → baggage header value, in order of first arrival.
 */
export function baggageByService(spans: readonly DemoSpan[]): Map<string, string> {
  const out = new Map<string, string>();
  const ordered = [...spans].sort((a, b) => a.startMs - b.startMs);
  for (const span of ordered) {
    if (span.kind === "server" && span.baggage !== undefined && !out.has(span.service)) {
      out.set(span.service, span.baggage);
    }
  }
  return out;
}
