/**
 * Ends the server span from what Hono made of the request. An error that
 * `app.onError` turned into a response never reaches the middleware as a
 * throw; Hono leaves it in `c.error`.
 * @module
 */
import type { Context } from "hono";
import { endWhenSent } from "../server/server-span.js";
import { recordFailure } from "../trace/failure.js";
import type { Trace } from "../trace/trace.js";
import type { Tracer } from "../trace/tracer.js";

/**
 * Records `c.error`, if any: as a failure when the answer was 5xx (the
 * default handler answers 500), as an `exception` event otherwise (an
 * `HTTPException(401)` is an answer, not a server fault).
 * @param trace - the trace to record on.
 * @param c - the request's context, after `next()`.
 * @returns whether the answer was a server error caused by `c.error`.
 */
export function recordHandledError(trace: Trace, c: Context): boolean {
  const error = c.error;
  if (error === undefined) return false;
  if (c.res.status < 500) {
    trace.recordException(error);
    return false;
  }
  recordFailure(trace, error);
  return true;
}

/**
 * Ends the middleware's own server span with the final response: once its
 * body has been sent, when it streams (`c.res` is then a copy that
 * streams the same chunks).
 * @param tracer - the middleware's tracer.
 * @param trace - the span's trace.
 * @param c - the request's context, after `next()`.
 * @param waitUntil - on Workers, given the promise of the span's end, so
 *   the runtime stays alive for it and the flush runs after it.
 */
export function endFromContext(
  tracer: Tracer,
  trace: Trace,
  c: Context,
  waitUntil: ((ended: Promise<unknown>) => void) | undefined,
): void {
  if (recordHandledError(trace, c)) {
    // As when the handler throws: `error.type` names the exception, not the
    // status; and endServerTrace would set the error status again without its message.
    trace.setAttribute("http.response.status_code", c.res.status);
    tracer.recorder?.requests?.end(trace, { error: c.error });
    trace.end();
    return;
  }
  const response = c.res;
  const sent = endWhenSent(tracer, trace, response, waitUntil);
  if (sent !== response) c.res = sent;
}
