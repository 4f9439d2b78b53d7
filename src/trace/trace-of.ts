/**
 * `traceOf(request)`: the trace of a request being handled, looked up by
 * identity in a WeakMap, so no global "current request" exists.
 * `traceOf(this)` in a class that `withTraceClass` traced: the trace of the
 * call that instance is running.
 * @module
 */
import type { Trace } from "./trace.js";

// A request's trace, or for a class instance (which runs one call after
// another) the lookup of the call in progress. One map: every bundle that
// binds a request carries it, and a second would cost them bytes.
const traces = new WeakMap<object, Trace | (() => Trace | undefined)>();

/** Ties a trace to the request (or event) that started it. */
export function bindTrace(request: object, trace: Trace): void {
  traces.set(request, trace);
}

/**
 * The trace bound to a request or event, for adapters that look one up
 * (never a class instance: those are found by `traceOf`).
 */
export function boundTrace(request: object): Trace | undefined {
  return traces.get(request) as Trace | undefined;
}

/** Ties a traced class instance to the lookup of the call it is running. */
export function bindInstance(instance: object, current: () => Trace | undefined): void {
  traces.set(instance, current);
}

/**
 * @param target - the incoming `Request` (or event object) a `withTrace`
 *   wrapper is handling, or `this` in a class traced by `withTraceClass`.
 * @returns its trace, or `undefined` outside a traced handler or call.
 * @example
 * const trace = traceOf(request);
 * await (trace ? trace.fetch(url) : fetch(url));
 * @example
 * // In a method of a class traced by withTraceClass:
 * traceOf(this)?.setAttribute("user.id", id);
 */
export function traceOf(target: object): Trace | undefined {
  const found = traces.get(target);
  return typeof found === "function" ? found() : found;
}
