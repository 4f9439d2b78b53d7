/**
 * The one "extract, start the server span, run, record, end" routine that
 * every fetch-shaped adapter (Workers, Deno, Bun, Hono) shares. What only
 * a recorded span needs (attributes, outcome, body watching) is the
 * recorder's: each function here calls the `recorder.record` member of the
 * same name (in `server-recording.ts`) when there is a recorder, so without
 * an exporter none of it is bundled. The seam is drawn in `src/trace/recorder.ts`.
 * @module
 */

import { readCarrier } from "../core/composite-propagator.js";
import { applyInbound, type InboundPolicy } from "../core/inbound.js";
import type { ServerOutcome } from "../trace/recorder.js";
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
  const recorder = tracer.recorder;
  const trace = tracer.startTrace({
    name: recorder ? recorder.http.spanName(method) : method,
    kind: "server",
    inbound,
  });
  recorder?.record.recordServerStart(recorder, trace, request, attributes);
  bindTrace(request, trace);
  return trace;
}

/**
 * Ends a server span with what the handler returned or threw. A thrown
 * value is recorded here and re-thrown by the caller, unchanged.
 */
export function endServerTrace(tracer: Tracer, trace: Trace, outcome: ServerOutcome): void {
  const recorder = tracer.recorder;
  // Without a recorder the trace has no span: nothing to record or end.
  recorder?.record.endServerTrace(recorder, trace, outcome);
}

/**
 * Records the response's status now and ends the span once its body has
 * been sent, or failed (the error recorded), or the client went away (a
 * `cancelled` event); the handler's response is never modified. See
 * `endWhenSent` in `server-recording.ts` for which bodies are watched.
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
  // The recorder brings the body watcher: a Worker that records nothing carries none of it.
  const recorder = tracer.recorder;
  return recorder
    ? recorder.record.endWhenSent(recorder, trace, response, tracer.spanEndsWithBody, waitUntil)
    : response;
}

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
  const recorder = tracer.recorder;
  // Without a recorder the trace has no span: the handler's answer goes out as it is.
  return recorder
    ? recorder.record.runServerTrace(recorder, trace, run, tracer.spanEndsWithBody, waitUntil)
    : run();
}
