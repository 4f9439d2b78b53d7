/**
 * The flush before returning: Lambda may freeze the process as soon as the
 * handler returns, so spans are sent first, but never past the time the
 * invocation has left.
 * @module
 */
import type { SpanSink } from "../trace/span-data.js";
import type { LambdaContext } from "./context.js";

/** Default time kept back from the remaining time, for Lambda to send the response. */
export const DEFAULT_FLUSH_MARGIN_MS = 100;

/** Budget when the context cannot say how much time is left (a local invoke). */
const UNKNOWN_REMAINING_MS = 1000;

/**
 * Flushes `sink` and resolves by `deadline = now + remaining − margin` at the
 * latest, whether or not the flush has finished: what the sink could not
 * send by then is its to drop. Never rejects.
 * @param sink - the span sink.
 * @param context - Lambda's context, for `getRemainingTimeInMillis()`.
 * @param marginMs - time kept back for Lambda itself.
 * @param now - the wall clock (epoch ms).
 */
export async function flushWithinBudget(
  sink: SpanSink,
  context: LambdaContext,
  marginMs: number,
  now: () => number = Date.now,
): Promise<void> {
  const budget = remainingMs(context) - marginMs;
  const deadline = now() + budget;
  let flushing: Promise<void>;
  try {
    flushing = Promise.resolve(sink.flush(deadline)).catch(() => undefined);
  } catch {
    return;
  }
  // No time left: the flush was asked for (the sink may drop and count),
  // but the response is not held for it.
  if (budget <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budget);
  });
  try {
    await Promise.race([flushing, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function remainingMs(context: LambdaContext): number {
  try {
    const remaining = context.getRemainingTimeInMillis();
    return Number.isFinite(remaining) ? remaining : UNKNOWN_REMAINING_MS;
  } catch {
    return UNKNOWN_REMAINING_MS;
  }
}
