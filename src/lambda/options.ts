/**
 * The options of the Lambda adapter's `withTrace`.
 * @module
 */
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
         * Records a `"{queue} process"` span per record in `forEachRecord`,
         * parented to the record's own context (else to the batch span),
         * with the record's baggage. Default `false`: `forEachRecord` hands
         * every record the batch's trace.
         */
        readonly perRecord?: boolean | undefined;
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
}
