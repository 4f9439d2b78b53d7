/**
 * The one routine every trigger shares: run the user's code (inside the
 * global-fetch scope when opted in), end the span with the outcome, and
 * flush in `waitUntil` after the user's own `waitUntil` work.
 * @module
 */

import { runActive } from "../trace/run-active.js";
import type { Trace } from "../trace/trace.js";

import type { InvocationFlush } from "./ctx.js";
import type { ResolvedWorkers } from "./options.js";

/**
 * Runs `run` for one invocation and schedules the flush.
 * @param resolved - the handler's tracer and options.
 * @param tracked - the flush of the `ctx` view the user's code got (or the binding
 *   spans' flush, which ends unread bodies first), run in the runtime's own
 *   `waitUntil`; `undefined` with no recorder (nothing to flush).
 * @param trace - the invocation's trace, current for the global `fetch` patch.
 * @param run - the user's code, already wrapped to end its span.
 * @returns what `run` returned; a throw is re-thrown unchanged.
 */
export async function invoke<T>(
  resolved: ResolvedWorkers,
  tracked: InvocationFlush | undefined,
  trace: Trace,
  run: () => Promise<T>,
): Promise<T> {
  try {
    const patched = resolved.options.globalFetch;
    // edge-trace/opentelemetry: the trace is the active span of @opentelemetry/api too.
    return await runActive(resolved, trace, () => (patched ? patched.run(trace, run) : run()));
  } finally {
    // Registered here, outside the scope, so the flush's own requests are not traced.
    tracked?.flush();
  }
}
