/**
 * `traceOf(request)`: the trace of a request being handled, looked up by
 * identity in a WeakMap, so no global "current request" exists.
 * @module
 */
import type { Trace } from "./trace.js";

const traces = new WeakMap<object, Trace>();

/** Ties a trace to the request (or event) that started it. */
export function bindTrace(request: object, trace: Trace): void {
  traces.set(request, trace);
}

/**
 * @param request - the incoming `Request` (or event object) a `withTrace` wrapper is handling.
 * @returns its trace, or `undefined` outside a traced handler.
 * @example
 * const trace = traceOf(request);
 * await (trace ? trace.fetch(url) : fetch(url));
 */
export function traceOf(request: object): Trace | undefined {
  return traces.get(request);
}
