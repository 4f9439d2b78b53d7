/**
 * Retrying within a time budget: exponential backoff with jitter, the
 * server's `Retry-After` when it fits, and never an attempt that cannot
 * finish before the deadline.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-throttling
 * @module
 */
import { sleep } from "./deadline.js";

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts: number;
  /** The backoff before the second attempt; doubled for each later one. Default 250 ms. */
  readonly initialBackoffMs: number;
  /** The longest backoff (a `Retry-After` may be longer). Default 5000 ms. */
  readonly maxBackoffMs: number;
}

/** The defaults: short, because edge runtimes flush within a request's spare time. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 250,
  maxBackoffMs: 5000,
};

/** What one attempt came to. */
export type AttemptResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: Error;
      readonly retryable: boolean;
      /** The server's `Retry-After`, in ms. */
      readonly retryAfterMs?: number | undefined;
    };

/** The budget and the tools to keep to it. */
export interface RetryBudget {
  readonly deadline: number;
  readonly signal: AbortSignal;
  readonly policy?: RetryPolicy | undefined;
  /** 0 ≤ x < 1; `Math.random` by default. */
  readonly random?: (() => number) | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts or
 * time. A retry is only started when, after its wait, the time the last
 * attempt took still fits before the deadline: an attempt that would be cut
 * off is not worth starting.
 *
 * @param attempt - one try; must not throw.
 * @param budget - the deadline, abort signal and policy.
 * @returns the number of attempts made, when one succeeded.
 * @throws the last attempt's error (with `attempts` set on it) otherwise.
 */
export async function retryWithinDeadline(
  attempt: () => Promise<AttemptResult>,
  budget: RetryBudget,
): Promise<number> {
  const { deadline, signal, policy = DEFAULT_RETRY_POLICY } = budget;
  const random = budget.random ?? Math.random;
  const now = budget.now ?? Date.now;
  for (let n = 1; ; n++) {
    const started = now();
    const result = await attempt();
    if (result.ok) return n;
    const tookMs = now() - started;
    const waitMs = result.retryAfterMs ?? backoffMs(n, policy, random);
    const fits = now() + waitMs + tookMs < deadline;
    if (!result.retryable || n >= policy.maxAttempts || !fits || signal.aborted) {
      throw Object.assign(result.error, { attempts: n });
    }
    if (!(await sleep(waitMs, signal))) throw Object.assign(result.error, { attempts: n });
  }
}

/**
 * The wait after attempt `n`: `initial × 2^(n-1)`, capped, then "equal
 * jitter" (a random point in its upper half) so clients that failed
 * together do not retry together.
 */
export function backoffMs(n: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (n - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * `Retry-After`: delay-seconds or an HTTP-date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @returns milliseconds to wait (≥ 0), or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form names a day or month; this keeps Date.parse's leniency ("-1") out.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
