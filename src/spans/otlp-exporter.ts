/**
 * The OTLP/HTTP JSON exporter: `POST {endpoint}/v1/traces`, retried within
 * the flush deadline, optionally gzipped. It calls the plain `fetch` it is
 * given, never `trace.fetch`, and builds its request headers from nothing,
 * so export requests are neither traced nor carry trace context.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * @module
 */
import { DeadlineError, deadlineSignal } from "./deadline.js";
import { createReporter, type Report } from "./diagnostics.js";
import type { Compression } from "./env-config.js";
import type { ExportFunction } from "./exporter.js";
import { encodeTraceRequest } from "./otlp-json.js";
import {
  type AttemptResult,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryPolicy,
  retryWithinDeadline,
} from "./retry.js";
import { SDK_NAME, VERSION } from "./version.js";

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
  /** Where invalid headers and partial successes are reported. */
  readonly report?: Report | undefined;
}

/** The OTLP/HTTP default for a batch: 10 s. */
export const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;

/** Retry on these, as OTLP/HTTP says; every other failure status is final. */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** A failed export: the HTTP status when there was one, and how many attempts were made. */
export class OtlpExportError extends Error {
  override readonly name = "OtlpExportError";
  readonly status: number | undefined;
  attempts = 1;
  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/**
 * @param options - the endpoint, headers, timeout and compression.
 * @returns an exporter for the batch sink.
 * @example
 * const exporter = createOtlpExporter({ url: "https://otlp.example.com/v1/traces",
 *   headers: { authorization: `Bearer ${env.OTLP_TOKEN}` } });
 */
export function createOtlpExporter(options: OtlpExporterOptions): ExportFunction {
  const { url, timeoutMs = DEFAULT_EXPORT_TIMEOUT_MS, random } = options;
  const report = createReporter(options.report);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const userHeaders = validHeaders(options.headers ?? {}, report);
  const gzip = options.compression === "gzip" && typeof CompressionStream === "function";
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  return async function exportOtlp(spans, context) {
    if (spans.length === 0) return;
    const deadline = Math.min(context.deadline, Date.now() + timeoutMs);
    const budget = deadlineSignal(deadline, context.signal);
    try {
      const json = JSON.stringify(encodeTraceRequest(spans, context.resource));
      const body = gzip ? await compress(json) : json;
      const attempt = async (): Promise<AttemptResult> => {
        // A fresh Headers each time: nothing of the caller's request can leak in.
        const headers = new Headers(userHeaders);
        headers.set("content-type", "application/json");
        if (gzip) headers.set("content-encoding", "gzip");
        if (!headers.has("user-agent")) headers.set("user-agent", `${SDK_NAME}/${VERSION}`);
        try {
          const init = { method: "POST", headers, body, signal: budget.signal };
          return await outcome(await send(url, init), report);
        } catch (error) {
          // After an abort nothing is retried: the budget is spent.
          const aborted = budget.signal.aborted;
          const deadline = budget.signal.reason instanceof DeadlineError;
          const message = aborted
            ? deadline
              ? "Export deadline passed"
              : "Export aborted"
            : "Network error";
          const failure = new OtlpExportError(message, undefined, { cause: error });
          return { ok: false, error: failure, retryable: !aborted };
        }
      };
      await retryWithinDeadline(attempt, { deadline, signal: budget.signal, policy, random });
    } finally {
      budget.dispose();
    }
  };
}

async function outcome(response: Response, report: Report): Promise<AttemptResult> {
  if (response.ok) {
    await reportPartialSuccess(response, report);
    return { ok: true };
  }
  // Read the body so the connection can be reused; keep a little for the error.
  const text = (await response.text()).slice(0, 200);
  const error = new OtlpExportError(`HTTP ${response.status} ${text}`.trim(), response.status);
  const retryable = RETRYABLE_STATUS.has(response.status);
  const retryAfterMs = retryable ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
  return { ok: false, error, retryable, retryAfterMs };
}

/** A 200 may still reject some spans: `{"partialSuccess":{"rejectedSpans":"2",…}}`. */
async function reportPartialSuccess(response: Response, report: Report): Promise<void> {
  const text = await response.text().catch(() => "");
  if (!response.headers.get("content-type")?.includes("json") || text === "") return;
  try {
    const partial = (JSON.parse(text) as { partialSuccess?: Record<string, unknown> })
      .partialSuccess;
    if (!partial) return;
    const rejectedSpans = Number(partial.rejectedSpans ?? 0);
    const message = typeof partial.errorMessage === "string" ? partial.errorMessage : "";
    if (rejectedSpans > 0 || message !== "") {
      report({ type: "export-partial", rejectedSpans, message });
    }
  } catch {
    // Not JSON after all: the collector accepted the spans, which is what matters.
  }
}

function compress(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

/** Headers that `Headers` would reject (a bad name, a newline in a value) are reported and left out. */
function validHeaders(
  headers: Readonly<Record<string, string>>,
  report: Report,
): [string, string][] {
  const valid: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    try {
      new Headers().set(name, value);
      valid.push([name, value]);
    } catch {
      report({
        type: "invalid-config",
        key: `headers.${name}`,
        message: "not a valid HTTP header",
      });
    }
  }
  return valid;
}
