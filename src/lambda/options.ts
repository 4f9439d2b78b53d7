/**
 * The options of the Lambda adapter's `withTrace`.
 * @module
 */
import type { TraceOptions } from "../spans/options.js";
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

/**
 * The options the tracer is built from: the user's, with `service.name`
 * defaulting to the function's name (`AWS_LAMBDA_FUNCTION_NAME`) when
 * neither the options nor `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES`
 * name the service, as OpenTelemetry's Lambda resource detector does.
 * @param options - the user's options (not changed).
 * @param env - the process environment.
 * @returns `options` itself, or a copy with `serviceName` set.
 */
export function withLambdaDefaults<E>(
  options: LambdaTraceOptions<E>,
  env: Readonly<Record<string, string | undefined>>,
): LambdaTraceOptions<E> {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  if (!functionName || options.serviceName !== undefined) return options;
  if (options.resourceAttributes?.["service.name"] !== undefined) return options;
  if (
    env.OTEL_SERVICE_NAME ||
    /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? "")
  ) {
    return options;
  }
  return { ...options, serviceName: functionName };
}
