/**
 * The one "extract, start the server span, run, record, end" routine that
 * every fetch-shaped adapter (Workers, Deno, Bun, Hono) shares.
 * @module
 */
import { applyInbound, type InboundPolicy } from "../core/inbound.js";
import { readCarrier } from "../core/propagation.js";
import { recordFailure } from "../trace/failure.js";
import type { Attributes } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { bindTrace } from "../trace/trace-of.js";
import type { Tracer } from "../trace/tracer.js";

/**
 * Starts the server span of an incoming request and binds it to the
 * request for `traceOf`. Never throws.
 */
export function startServerTrace<R extends Request>(
  tracer: Tracer,
  policy: InboundPolicy<R>,
  request: R,
  /** The adapter's own attributes, built only for a span that records them. */
  attributes?: (request: R) => Attributes,
): Trace {
  const found = readCarrier(tracer.propagators, request.headers);
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
    if (attributes) trace.setAttributes(attributes(request));
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
export function endServerTrace(tracer: Tracer, trace: Trace, outcome: Outcome): void {
  recordOutcome(tracer, trace, outcome);
  trace.end();
}

/**
 * Records the response's status now and ends the span once its body has
 * been sent, or failed (the error recorded), or the client went away (a
 * `cancelled` event). A span that does not record, or a response without
 * a body, or one with a `Content-Length` (sent by the runtime without JS),
 * ends at once and the response is returned as it is; otherwise a
 * copy with the same status and headers streams the same chunks
 * (the recorder's `watchBody`); the handler's response is never modified.
 * @param tracer - the adapter's tracer.
 * @param trace - the server span's trace.
 * @param response - what the handler returned.
 * @param waitUntil - given the body's end, so a flush can wait for it.
 * @returns the response to send.
 */
export function endWhenSent<T>(
  tracer: Tracer,
  trace: Trace,
  response: T,
  waitUntil?: (ended: Promise<unknown>) => void,
): T {
  recordOutcome(tracer, trace, { response });
  // The recorder brings the body watcher: a Worker that records nothing carries none of it.
  // `body` is read last: in Deno reading it turns a fixed body into a stream of unknown length.
  const recorder = tracer.recorder;
  const watched =
    recorder &&
    trace.isRecording &&
    response instanceof Response &&
    watches(tracer, response.headers);
  const body = watched ? response.body : null;
  if (recorder && body) {
    try {
      const [stream, ended] = recorder.watchBody(body, trace);
      const copy = new Response(stream, response as Response);
      waitUntil?.(ended);
      return copy as T;
    } catch {
      // A status that takes no body: the response goes out as it was, its body untouched.
    }
  }
  trace.end();
  return response;
}

/**
 * A declared length (a proxied `fetch()` response, a file) is sent by the
 * runtime without JS: watching it would add JS work to every chunk. A body
 * without one is watched when asked, or when it is an event stream:
 * wrapping loses the length the runtime would compute for a fixed body.
 */
function watches(tracer: Tracer, headers: Headers): boolean {
  if (headers.has("content-length")) return false;
  return (
    tracer.spanEndsWithBody || headers.get("content-type")?.startsWith("text/event-stream") === true
  );
}

function recordOutcome(tracer: Tracer, trace: Trace, outcome: Outcome): void {
  // Metrics (edge-trace/metrics) measure every request, sampled or not.
  tracer.recorder?.requests?.end(trace, outcome);
  const http = tracer.recorder?.http;
  if (!http || !trace.isRecording) return;
  if ("error" in outcome) {
    recordFailure(trace, outcome.error);
    trace.setAttribute("http.response.status_code", 500);
  } else if (outcome.response instanceof Response) {
    const status = outcome.response.status;
    trace.setAttributes(http.response(status, "server"));
    if (http.isError(status, "server")) trace.setStatus("error");
  } else {
    recordFailure(trace, new TypeError("The handler did not return a Response"));
  }
}

/** What a handler did: returned a value or threw. */
export type Outcome = { readonly response: unknown } | { readonly error: unknown };

/**
 * Runs a handler in its server span and ends the span when the response
 * body has been sent ({@link endWhenSent}); rethrows unchanged.
 * @returns the handler's response, or a copy streaming the same body.
 */
export async function runServerTrace<T>(
  tracer: Tracer,
  trace: Trace,
  run: () => T | Promise<T>,
  waitUntil?: (ended: Promise<unknown>) => void,
): Promise<T> {
  let response: T;
  try {
    response = await run();
  } catch (error) {
    endServerTrace(tracer, trace, { error });
    throw error;
  }
  return endWhenSent(tracer, trace, response, waitUntil);
}
