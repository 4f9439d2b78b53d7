/**
 * The options of the Lambda adapter's `withTrace`.
 * @module
 */
import type { EnvRecord } from "../trace/env-record.js";
import type { TraceOptions } from "../trace/trace-options.js";
import type { XrayMode } from "./xray.js";

/** Options of `withTrace` from `edge-trace/lambda`, beside those every adapter takes. */
export interface LambdaTraceOptions<E = unknown> extends TraceOptions<E> {
  /**
   * What AWS X-Ray context (`_X_AMZN_TRACE_ID`, the `X-Amzn-Trace-Id`
   * header, SQS's `AWSTraceHeader`) does: `"link"` (default) adds it as a
   * span link when X-Ray sampled it; `"parent"` makes it the parent when no
   * configured propagator found one; `"ignore"` skips it.
   */
  readonly xray?: XrayMode | undefined;
  /** SQS batches. */
  readonly sqs?:
    | {
        /**
         * How a record's work relates to its producer, the word Workers'
         * `queueEnvelopes({ parent })` uses: `"link"` (default: the batch
         * span links every record's context and `forEachRecord` hands each
         * record the batch's trace) or `"parent"` (`forEachRecord` runs each
         * record in a `"{queue} process"` span parented to the record's own
         * context, else to the batch span, with the record's baggage).
         */
        readonly parent?: "link" | "parent" | undefined;
      }
    | undefined;
  /**
   * Adds a `traceresponse` header to HTTP proxy results (a new result
   * object; the handler's is not changed). Default `false`: it tells the
   * client the trace id.
   * @see https://www.w3.org/TR/trace-context-2/#traceresponse-header
   */
  readonly traceResponse?: boolean | undefined;
  /**
   * Milliseconds kept back from `context.getRemainingTimeInMillis()` when
   * flushing spans before returning. Default 100.
   */
  readonly flushMarginMs?: number | undefined;
  /**
   * The longest wait, in milliseconds, for a flush before returning (where
   * no extension flushes after the response): a slow or down collector adds
   * at most this to the response time. Default 1000.
   */
  readonly flushBudgetMs?: number | undefined;
  /**
   * `true` (default): in Lambda (`AWS_LAMBDA_RUNTIME_API` set, an exporter
   * given), register as an internal extension while the module loads, so
   * spans are flushed after the response is sent. `false`: always flush
   * before returning, within `flushBudgetMs`.
   */
  readonly extension?: boolean | undefined;
}

/** Options, or a function of the environment (`process.env`) returning them, as every adapter takes. */
export type LambdaConfig<E = unknown> =
  | LambdaTraceOptions<E>
  | ((env: EnvRecord) => LambdaTraceOptions<E>);
