/**
 * The like-for-like check run before any timing: a speed-up only counts if
 * both implementations emit the same headers for the same input.
 * @module
 */
import { type Baggage, parseBaggage } from "../../src/index.js";
import { extractInject, makeCases } from "./cases.js";
import { TRACE_HEADERS } from "./fixtures.js";

/**
 * Compares what edge-trace and OpenTelemetry emit for the fixtures:
 * `traceparent` and `tracestate` must be identical, `baggage` equal entry by
 * entry (percent-encoding may differ in case), and the realistic context must
 * come out as it went in; the malformed headers must produce no header at all.
 *
 * @param realistic - the realistic request headers.
 * @param malformed - the malformed request headers.
 * @returns the problems found; empty when the implementations agree.
 */
export function checkLikeForLike(realistic: Headers, malformed: Headers): string[] {
  const problems: string[] = [];
  const cases = makeCases(realistic, malformed);
  const edge = extractInject["edge-trace"](realistic);
  const otel = extractInject.otel(realistic);
  compare("extract+inject", edge, otel, problems);
  for (const name of TRACE_HEADERS) {
    if (edge.get(name) === null) problems.push(`extract+inject: edge-trace emitted no ${name}`);
  }
  if (edge.get("traceparent") !== realistic.get("traceparent")) {
    problems.push("extract+inject: the traceparent re-emitted differs from the inbound one");
  }
  const edgeInjected = cases.inject.work["edge-trace"](realistic) as Headers;
  const otelInjected = cases.inject.work.otel(realistic) as Headers;
  compare("inject", edgeInjected, otelInjected, problems);
  for (const impl of ["edge-trace", "otel"] as const) {
    const out = extractInject[impl](malformed);
    const names = [...out.keys()];
    if (names.length > 0) problems.push(`malformed: ${impl} emitted ${names.join(", ")}`);
  }
  return problems;
}

function compare(label: string, edge: Headers, otel: Headers, problems: string[]): void {
  for (const name of ["traceparent", "tracestate"]) {
    if (edge.get(name) !== otel.get(name)) {
      problems.push(
        `${label}: ${name} differs: edge-trace ${edge.get(name)} vs otel ${otel.get(name)}`,
      );
    }
  }
  const a = canonical(parseBaggage(edge.get("baggage")));
  const b = canonical(parseBaggage(otel.get("baggage")));
  if (a !== b) problems.push(`${label}: baggage differs: edge-trace ${a} vs otel ${b}`);
}

/** Baggage as a comparable string: decoded values and properties, in order. */
function canonical(baggage: Baggage): string {
  return JSON.stringify([...baggage]);
}
