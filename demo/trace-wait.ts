/**
 * Decides when a trace has fully arrived at the receiver. Services export
 * at different moments (Workers in `waitUntil` after responding, Lambda
 * before returning, Bun and Deno on a short timer), so the demo waits
 * until the trace is whole rather than for a fixed time.
 */
import type { Receiver } from "./receiver.js";
import { callees, type DemoSpan } from "./span-tree.js";

/**
 * Whole: every client span's callee has reported its server span, and
 * (when given) every expected service has reported.
 * @param spans - the trace's spans so far.
 * @param services - the services the trace must cross.
 */
export function isComplete(spans: readonly DemoSpan[], services: readonly string[] = []): boolean {
  if (spans.length === 0) return false;
  const answered = callees(spans);
  const clientsAnswered = spans.every((s) => s.kind !== "client" || answered.has(s.spanId));
  const seen = new Set(spans.map((s) => s.service));
  return clientsAnswered && services.every((service) => seen.has(service));
}

/** Options of {@link waitForTrace}. */
export interface WaitOptions {
  /** Services the trace must cross before it counts as whole. */
  readonly services?: readonly string[];
  /** Give up and return what arrived after this long. */
  readonly timeoutMs: number;
  /**
   * For traces of unknown shape: also wait until nothing new arrived for
   * this long, since a callee's spans may arrive before its caller's.
   */
  readonly quietMs?: number;
}

/**
 * @param receiver - the receiver the services export to.
 * @param traceId - the trace to wait for.
 * @param options - what "whole" means and how long to wait.
 * @returns the spans, and whether the trace is whole.
 */
export function waitForTrace(
  receiver: Receiver,
  traceId: string,
  { services = [], timeoutMs, quietMs }: WaitOptions,
): Promise<{ spans: DemoSpan[]; complete: boolean }> {
  return new Promise((resolve) => {
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timeout);
      clearTimeout(quiet);
      const spans = receiver.spans(traceId);
      resolve({ spans, complete: isComplete(spans, services) });
    };
    const check = (): void => {
      const complete = isComplete(receiver.spans(traceId), services);
      if (complete && quietMs === undefined) {
        finish();
        return;
      }
      clearTimeout(quiet);
      if (complete) quiet = setTimeout(finish, quietMs);
    };
    const timeout = setTimeout(finish, timeoutMs);
    const unsubscribe = receiver.onSpans((id) => {
      if (id === traceId && !done) check();
    });
    check();
  });
}
