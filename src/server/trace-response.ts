/**
 * The `traceresponse` header: tells the caller (a browser, a gateway)
 * which trace and span served it.
 * @see https://www.w3.org/TR/trace-context-2/#traceresponse-header
 * @module
 */
import { formatTraceparent } from "../core/w3c/traceparent.js";
import type { Trace } from "../trace/trace.js";

/** The header name (Trace Context Level 2). */
export const TRACERESPONSE = "traceresponse";

/**
 * Returns the response with a `traceresponse` header naming the server
 * span. The handler's response is never modified: a copy is made, sharing
 * the (unread) body stream, so streaming is unaffected. Informational and
 * protocol-switch responses (a WebSocket upgrade) and responses that
 * already carry the header are returned as they are.
 * @param response - what the handler returned.
 * @param trace - the request's trace.
 * @returns the response to send.
 */
export function withTraceResponse(response: Response, trace: Trace): Response {
  if (!wantsTraceResponse(response)) return response;
  try {
    const copy = new Response(response.body, response);
    // A trace is a span context: its ids and flags are what `traceparent` formats.
    copy.headers.set(TRACERESPONSE, formatTraceparent(trace));
    return copy;
  } catch {
    // A runtime-specific response that cannot be copied goes out untouched.
    return response;
  }
}

/**
 * @param response - a response about to be sent.
 * @returns false for informational and protocol-switch responses, which cannot be copied, and
 *   for responses that already name their trace.
 */
export function wantsTraceResponse(response: Response): boolean {
  return response.status >= 200 && !response.headers.has(TRACERESPONSE);
}

/**
 * @param trace - the request's trace.
 * @returns the `traceresponse` value: version `00`, trace id, server span id, flags.
 */
export function traceResponseValue(trace: Trace): string {
  // A trace is a span context: its ids and flags are what `traceparent` formats.
  return formatTraceparent(trace);
}
