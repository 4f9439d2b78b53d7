/**
 * The flush before returning, where no extension keeps the process running
 * after the response (a local or test invoke, a refused registration, or
 * `extension: false`): Lambda may freeze the process as soon as the handler
 * returns, so spans are sent first, but within a small budget, and never
 * past the time the invocation has left.
 * @module
 */
import type { SpanSink } from "../trace/span-data.js";
import type { LambdaContext } from "./context.js";

/** Default time kept back from the remaining time, for Lambda to send the response. */
export const DEFAULT_FLUSH_MARGIN_MS = 100;

/**
 * Default longest wait for a flush before returning. Small on purpose: it
 * is added to the response time whenever the collector is slow or down.
 */
export const DEFAULT_FLUSH_BUDGET_MS = 1000;

/** Budget when the context cannot say how much time is left (a local invoke). */
const UNKNOWN_REMAINING_MS = 1000;

/** How long a flush before returning may take. */
export interface FlushLimits {
  /** Time kept back from the remaining time. */
  readonly marginMs: number;
  /** The longest wait, whatever time is left. */
  readonly budgetMs: number;
}

/**
 * Flushes `sink` and resolves by `deadline = now + min(budget, remaining −
 * margin)` at the latest, whether or not the flush has finished: what the
 * sink could not send by then is its to drop. Never rejects.
 * @param sink - the span sink.
 * @param context - Lambda's context, for `getRemainingTimeInMillis()`.
 * @param limits - the margin and the budget.
 * @param now - the wall clock (epoch ms).
 */
export async function flushWithinBudget(
  sink: SpanSink,
  context: LambdaContext,
  limits: FlushLimits,
  now: () => number = Date.now,
): Promise<void> {
  const budget = Math.min(limits.budgetMs, remainingMs(context) - limits.marginMs);
  await flushBy(sink, now() + budget, budget);
}

/**
 * Flushes `sink` and resolves when it is done or after `waitMs`, whichever
 * comes first. Never rejects.
 * @param sink - the span sink.
 * @param deadline - epoch ms given to the sink.
 * @param waitMs - the longest wait; ≤ 0 starts the flush without waiting.
 */
export async function flushBy(sink: SpanSink, deadline: number, waitMs: number): Promise<void> {
  let flushing: Promise<void>;
  try {
    flushing = Promise.resolve(sink.flush(deadline)).catch(() => undefined);
  } catch {
    return;
  }
  // No time left: the flush was asked for (the sink may drop and count),
  // but nothing is held for it.
  if (waitMs <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  try {
    await Promise.race([flushing, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param context - Lambda's context.
 * @returns the milliseconds the invocation has left, or a second when the
 *   context cannot tell.
 */
export function remainingMs(context: LambdaContext): number {
  try {
    const remaining = context.getRemainingTimeInMillis();
    return Number.isFinite(remaining) ? remaining : UNKNOWN_REMAINING_MS;
  } catch {
    return UNKNOWN_REMAINING_MS;
  }
}
