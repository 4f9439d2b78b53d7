/**
 * The one "extract, start the server span, run, record, end" routine that
 * every fetch-shaped adapter (Workers, Deno, Bun, Hono) shares.
 * @module
 */
import { headerAccess } from "../core/carrier.js";
import { applyInbound, type InboundPolicy } from "../core/inbound.js";
import { extractWith, type Found } from "../core/propagation.js";
import type { ActiveTrace } from "./trace.js";
import { bindTrace } from "./trace-of.js";
import type { Tracer } from "./tracer.js";
import type { Attributes } from "./types.js";

const NOTHING_FOUND: Found = { baggage: new Map() };

/**
 * Starts the server span of an incoming request and binds it to the
 * request for `traceOf`. Never throws.
 */
export function startServerTrace<R extends Request>(
  tracer: Tracer,
  policy: InboundPolicy<R>,
  request: R,
  attributes?: Attributes,
): ActiveTrace {
  const found = safeExtract(tracer, request);
  const inbound = applyInbound(found, policy, request);
  const method = request.method;
  const http = tracer.recorder?.http;
  const trace = tracer.startTrace({
    name: http ? http.spanName(method) : method,
    kind: "server",
    inbound,
    attributes: undefined,
    links: undefined,
    startTime: undefined,
  });
  // Attributes cost a URL parse and a header read: only for a span that records them.
  // Set one object after the other rather than spreading both into a third.
  if (http && trace.isRecording) {
    const url = new URL(request.url);
    trace.setAttributes(http.server(url, method, request.headers.get("user-agent")));
    if (attributes) trace.setAttributes(attributes);
  }
  // Metrics (edge-trace/metrics) measure every request, sampled or not.
  tracer.recorder?.requests?.start(trace, method);
  bindTrace(request, trace);
  return trace;
}

/**
 * Ends a server span with what the handler returned or threw. A thrown
 * value is recorded here and re-thrown by the caller, unchanged.
 */
export function endServerTrace(tracer: Tracer, trace: ActiveTrace, outcome: Outcome): void {
  // Metrics (edge-trace/metrics) measure every request, sampled or not.
  tracer.recorder?.requests?.end(trace, outcome);
  const http = tracer.recorder?.http;
  if (!http || !trace.isRecording) {
    trace.end();
    return;
  }
  if ("error" in outcome) {
    trace.recordError(outcome.error);
    trace.setAttribute("http.response.status_code", 500);
  } else if (outcome.response instanceof Response) {
    const status = outcome.response.status;
    trace.setAttributes(http.response(status, "server"));
    if (http.isError(status, "server")) trace.setStatus("error");
  } else {
    trace.recordError(new TypeError("The handler did not return a Response"));
  }
  trace.end();
}

/** What a handler did: returned a value or threw. */
export type Outcome = { readonly response: unknown } | { readonly error: unknown };

/**
 * Runs a handler in its server span and ends the span; rethrows unchanged.
 * @returns the handler's own response.
 */
export async function runServerTrace<T>(
  tracer: Tracer,
  trace: ActiveTrace,
  run: () => T | Promise<T>,
): Promise<T> {
  let response: T;
  try {
    response = await run();
  } catch (error) {
    endServerTrace(tracer, trace, { error });
    throw error;
  }
  endServerTrace(tracer, trace, { response });
  return response;
}

function safeExtract(tracer: Tracer, request: Request): Found {
  try {
    return extractWith(tracer.propagators, headerAccess(request.headers));
  } catch {
    return NOTHING_FOUND;
  }
}
