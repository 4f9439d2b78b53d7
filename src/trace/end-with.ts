/**
 * The one "run, record the error, end" routine for a span that is already
 * started (a server span, an RPC or queue producer span, a Lambda record):
 * `trace.span(name, fn)` does the same for a new child span.
 * @module
 */

import { recordFailure } from "./failure.js";
import type { Trace } from "./trace.js";

/**
 * Runs `fn` as the body of `trace`'s span: a throw or rejection is recorded
 * (`exception` event, `error.type`, error status), the span ends either
 * way, and the error is re-thrown unchanged.
 * @param trace - the span's trace.
 * @param fn - the work.
 * @returns what `fn` returned.
 * @example
 * await endWith(producerSpan, () => queue.send(body));
 */
export async function endWith<T>(trace: Trace, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    recordFailure(trace, error);
    throw error;
  } finally {
    trace.end();
  }
}
