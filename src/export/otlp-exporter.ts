/**
 * The OTLP/HTTP exporter: `POST {endpoint}/v1/traces`, JSON (or protobuf,
 * given the codec), optionally gzipped and signed, retried within the flush deadline. One loop does it all: the
 * server's `Retry-After` when it fits, else exponential backoff with jitter,
 * and never an attempt that cannot finish before the deadline. It calls the
 * plain `fetch` it is given, never `trace.fetch`, with headers built from
 * nothing, so export requests are neither traced nor carry trace context.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-throttling
 * @module
 */
import { budget, timedOut } from "./deadline.js";
import { createReporter, type Report } from "./diagnostics.js";
import type { Compression } from "./env-config.js";
import type { ExportFunction } from "./export-function.js";
import type { OtlpEncoding, Sign } from "./otlp-encoding.js";
import { encodeTraceRequest } from "./otlp-json.js";
import { otlpAnswer, otlpBody, otlpHeaders, otlpSend } from "./otlp-request.js";

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

/** Options of {@link createOtlpExporter}. */
export interface OtlpExporterOptions {
  /** The full traces URL, such as `https://collector:4318/v1/traces`. */
  readonly url: string;
  /** Extra request headers, such as an API key. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The most one batch may take, retries included; the flush deadline caps it too. Default 10000. */
  readonly timeoutMs?: number | undefined;
  /** `"gzip"` where the runtime has `CompressionStream`. Default `"none"`. */
  readonly compression?: Compression | undefined;
  /** The fetch to send with. Default: the global `fetch`, looked up per request. */
  readonly fetch?: typeof fetch | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Jitter source, injectable for tests. */
  readonly random?: (() => number) | undefined;
  /**
   * Network errors this returns true for fail the batch at once instead of
   * being retried (the adapter's `giveUpOn` hint). Default: none.
   */
  readonly giveUpOn?: ((error: unknown) => boolean) | undefined;
  /** Where invalid headers and partial successes are reported. */
  readonly report?: Report | undefined;
  /**
   * The body's encoding when not JSON: protobuf, from `edge-trace/otlp-protobuf`.
   * JSON is written inline, so a JSON-only bundle carries no encoding object.
   */
  readonly encoding?: OtlpEncoding | undefined;
  /** Called on every request after its body is final; see {@link Sign}. */
  readonly sign?: Sign | undefined;
}

/** A failed export: the HTTP status when there was one, and how many attempts were made. */
export class OtlpExportError extends Error {
  override readonly name = "OtlpExportError";
  declare readonly status: number | undefined;
  attempts = 1;
  constructor(message: string, status?: number, cause?: unknown) {
    super(message, { cause });
    this.status = status;
  }
}

/**
 * @param options - the endpoint, headers, timeout and compression.
 * @returns an export function that rejects with an {@link OtlpExportError} when the batch is lost.
 * @example
 * const exporter = createOtlpExporter({ url: "https://otlp.example.com/v1/traces",
 *   headers: { authorization: `Bearer ${env.OTLP_TOKEN}` } });
 */
export function createOtlpExporter(options: OtlpExporterOptions): ExportFunction {
  const { url, timeoutMs = 10_000, random = Math.random, giveUpOn, encoding, sign } = options;
  const report = createReporter(options.report);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const gzip = options.compression === "gzip" && typeof CompressionStream === "function";
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const headers = otlpHeaders(options.headers, encoding, gzip, report);

  return async function exportOtlp(spans, context) {
    if (spans.length === 0) return;
    const deadline = Math.min(context.deadline, Date.now() + timeoutMs);
    const { signal, sleep, end } = budget(deadline, context.signal);
    try {
      const body = await otlpBody(encodeTraceRequest(spans, context.resource), encoding, gzip);
      for (let attempt = 1; ; attempt++) {
        const started = Date.now();
        let error: OtlpExportError;
        let retryable = true;
        let waitMs: number | undefined;
        const init: RequestInit = { method: "POST", headers, body, signal };
        try {
          // A failing `sign` counts as a failed attempt (a credentials
          // lookup may fail for a moment); its error is the cause.
          const response = await otlpSend(send, url, init, sign);
          // Read the body either way, so the connection can be reused; a 200
          // whose body never ends (until the deadline) was still delivered.
          const answer = await otlpAnswer(response, encoding);
          const { rejected: rejectedSpans, message } = answer;
          if (response.ok) {
            if (rejectedSpans || message)
              report({ type: "export-partial", rejectedSpans, message });
            return;
          }
          const status = response.status;
          error = new OtlpExportError(`HTTP ${status} ${message}`.trim(), status);
          retryable = [429, 502, 503, 504].includes(status);
          waitMs = parseRetryAfter(response.headers.get("retry-after"));
        } catch (cause) {
          // After an abort nothing is retried: the budget is spent. Nor what
          // the adapter says to give up on (Lambda: a refused connection).
          retryable = !signal.aborted && !giveUpOn?.(cause);
          const message = !signal.aborted
            ? "Network error"
            : timedOut(signal)
              ? "Export deadline passed"
              : "Export aborted";
          error = new OtlpExportError(message, undefined, cause);
        }
        error.attempts = attempt;
        waitMs ??= backoffMs(attempt, policy, random);
        // The next attempt must fit, after its wait, as long as this one took.
        const now = Date.now();
        const fits = now + (now - started) + waitMs < deadline;
        if (!retryable || attempt >= policy.maxAttempts || !fits || !(await sleep(waitMs))) {
          throw error;
        }
      }
    } finally {
      end();
    }
  };
}

/**
 * The wait after attempt `n`: `initial × 2^(n-1)`, capped, then "equal
 * jitter" (a random point in its upper half) so clients that failed
 * together do not retry together.
 * @param n - the attempt that failed, from 1.
 * @param policy - the backoff bounds.
 * @param random - 0 ≤ x < 1.
 * @returns milliseconds to wait.
 */
export function backoffMs(n: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (n - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * `Retry-After`: delay-seconds or an HTTP-date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @param value - the header.
 * @param now - epoch ms.
 * @returns milliseconds to wait (≥ 0), or `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  const trimmed = value?.trim() ?? "";
  if (/^\d+$/.test(trimmed)) return +trimmed * 1000;
  // Every HTTP-date form names a day or month; this keeps Date.parse's leniency ("-1") out.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
