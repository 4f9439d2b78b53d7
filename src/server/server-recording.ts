/**
 * The recording half of a server span: HTTP attributes at its start, the
 * outcome at its end, and ending it when the response body has been sent.
 * Each function is the `SpanRecording` member of the same name, called by
 * the function of the same name in `server-span.ts` when a recorder exists
 * (the seam is drawn in `src/trace/recorder.ts`): it arrives with the
 * recorder, so a Worker that only propagates carries none of it.
 * @module
 */
import { recordFailure } from "../trace/failure.js";
import type { Recorder, ServerOutcome } from "../trace/recorder.js";
import type { Attributes } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { watchBody } from "./body-end.js";

/**
 * Sets a recording server span's HTTP attributes, then the adapter's own;
 * the metrics observer measures every request, sampled or not.
 * @param recorder - the tracer's recorder.
 * @param trace - the server span's trace.
 * @param request - the incoming request.
 * @param attributes - the adapter's attributes, built only for a span that records them.
 */
export function recordServerStart<R extends Request>(
  recorder: Recorder,
  trace: Trace,
  request: R,
  attributes: ((request: R) => Attributes) | undefined,
): void {
  // Attributes cost a URL parse and a header read: only for a span that records them.
  // Set one object after the other rather than spreading both into a third.
  if (trace.isRecording) {
    const url = new URL(request.url);
    const method = request.method;
    trace.setAttributes(recorder.http.server(url, method, request.headers.get("user-agent")));
    if (attributes) trace.setAttributes(attributes(request));
  }
  recorder.requests?.start(trace, request.method);
}

/**
 * Ends a server span with what the handler returned or threw. A thrown
 * value is recorded here and re-thrown by the caller, unchanged.
 */
export function endServerTrace(recorder: Recorder, trace: Trace, outcome: ServerOutcome): void {
  recordOutcome(recorder, trace, outcome);
  trace.end();
}

/**
 * Records the response's status now and ends the span once its body has
 * been sent, or failed (the error recorded), or the client went away (a
 * `cancelled` event). A span that does not record, or a response without
 * a body, or one with a `Content-Length` (sent by the runtime without JS),
 * ends at once and the response is returned as it is; otherwise a
 * copy with the same status and headers streams the same chunks
 * ({@link watchBody}); the handler's response is never modified.
 * @param recorder - the tracer's recorder.
 * @param trace - the server span's trace.
 * @param response - what the handler returned.
 * @param watchAll - watch every body without a length, not only event streams.
 * @param waitUntil - given the body's end, so a flush can wait for it.
 * @returns the response to send.
 */
export function endWhenSent<T>(
  recorder: Recorder,
  trace: Trace,
  response: T,
  watchAll: boolean,
  waitUntil: ((ended: Promise<unknown>) => void) | undefined,
): T {
  recordOutcome(recorder, trace, { response });
  // `body` is read last: in Deno reading it turns a fixed body into a stream of unknown length.
  const watched =
    trace.isRecording && response instanceof Response && watches(watchAll, response.headers);
  const body = watched ? response.body : null;
  if (body) {
    try {
      const [stream, ended] = watchBody(body, trace);
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
function watches(watchAll: boolean, headers: Headers): boolean {
  if (headers.has("content-length")) return false;
  return watchAll || headers.get("content-type")?.startsWith("text/event-stream") === true;
}

function recordOutcome(recorder: Recorder, trace: Trace, outcome: ServerOutcome): void {
  // Metrics (edge-trace/metrics) measure every request, sampled or not.
  recorder.requests?.end(trace, outcome);
  if (!trace.isRecording) return;
  const http = recorder.http;
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

/**
 * Runs a handler in its server span and ends the span when the response
 * body has been sent ({@link endWhenSent}); rethrows unchanged.
 * @returns the handler's response, or a copy streaming the same body.
 */
export async function runServerTrace<T>(
  recorder: Recorder,
  trace: Trace,
  run: () => T | Promise<T>,
  watchAll: boolean,
  waitUntil: ((ended: Promise<unknown>) => void) | undefined,
): Promise<T> {
  let response: T;
  try {
    response = await run();
  } catch (error) {
    endServerTrace(recorder, trace, { error });
    throw error;
  }
  return endWhenSent(recorder, trace, response, watchAll, waitUntil);
}
