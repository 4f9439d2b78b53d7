/**
 * edge-trace for AWS Lambda: `withTrace` wraps an async handler so each
 * invocation continues the caller's trace (API Gateway v1 and v2, function
 * URLs, ALB, SQS, SNS; anything else starts a new trace), hands the handler
 * its {@link Trace}, and flushes spans before returning, within the time
 * the invocation has left.
 * @module
 */

import { type LambdaContext, processEnv } from "./lambda/context.js";
import { DEFAULT_FLUSH_MARGIN_MS, flushWithinBudget } from "./lambda/flush.js";
import { endInvocation, type InvocationSettings, startInvocation } from "./lambda/invocation.js";
import type { LambdaConfig, LambdaTraceOptions } from "./lambda/options.js";
import { DEFAULT_XRAY_MODE } from "./lambda/xray.js";
import { resolveTracer } from "./trace/resolve-tracer.js";
import { runActive } from "./trace/run-active.js";
import type { Trace } from "./trace/trace.js";
import type { Tracer } from "./trace/tracer.js";

export type { LambdaContext } from "./lambda/context.js";
export type {
  AlbEvent,
  ApiGatewayProxyEvent,
  ApiGatewayProxyEventV2,
  EventBridgeEvent,
  LambdaEvent,
  ProxyResult,
  SnsEvent,
  SnsRecord,
  SqsEvent,
  SqsRecord,
} from "./lambda/events.js";
export type { LambdaConfig, LambdaTraceOptions } from "./lambda/options.js";
export { forEachRecord } from "./lambda/records.js";
export type { XrayMode } from "./lambda/xray.js";
export type { Trace } from "./trace/trace.js";
export { traceOf } from "./trace/trace-of.js";

/** What `withTrace` returns: the handler Lambda calls, `(event, context) => Promise<result>`. */
export type TracedLambdaHandler<E, C extends LambdaContext, R> = (
  event: E,
  context: C,
) => Promise<R>;

/** The async handler you write: Lambda's two arguments, then its trace. */
export type LambdaHandler<E, C extends LambdaContext, R> = (
  event: E,
  context: C,
  trace: Trace,
) => Promise<R>;

/**
 * Wraps an async Lambda handler. Each invocation gets a span: an HTTP
 * server span (`GET /items/{id}`) for API Gateway, function URL and ALB
 * events, a consumer span (`orders process`) for SQS and SNS, else one named
 * after the function. The span's parent is the context the event carried
 * (HTTP headers, SNS message attributes); an SQS batch span links every
 * record's context instead. After the handler settles, spans are flushed
 * within `context.getRemainingTimeInMillis()` minus a margin; errors are
 * re-thrown unchanged. The event is bound to the trace, so `traceOf(event)`
 * finds it (for Hono on Lambda: `traceOf(c.env.event)`).
 *
 * Only async (promise-returning) handlers are supported; the third argument
 * is the trace, not a callback.
 *
 * @param handler - `async (event, context, trace) => result`.
 * @param options - propagation, sampling, export and Lambda options, or a
 *   function of `process.env` returning them (called once).
 * @returns the handler to export: `(event, context) => Promise<result>`.
 * @example
 * import { withTrace } from "edge-trace/lambda";
 *
 * export const handler = withTrace(async (event, context, trace) => {
 *   const res = await trace.fetch("https://api.example.com/items");
 *   return { statusCode: 200, body: await res.text() };
 * });
 */
export function withTrace<E, C extends LambdaContext, R>(
  handler: LambdaHandler<E, C, R>,
  options: LambdaConfig<E> = {},
): TracedLambdaHandler<E, C, R> {
  const env = processEnv();
  let resolved: Resolved<E> | undefined;
  // Resolved on the first invocation, whose context names the function:
  // `service.name` falls back to it as OpenTelemetry's Lambda detector does.
  // No export timer: the process may be frozen between invocations, so
  // spans are flushed at the end of each one instead.
  const resolve = (context: C): Resolved<E> => {
    if (resolved) return resolved;
    const tracer = resolveTracer(options, env, {
      timer: false,
      serviceName: env.AWS_LAMBDA_FUNCTION_NAME || functionName(context),
    });
    resolved = { tracer, ...lambdaSettings(tracer.options as LambdaTraceOptions<E>) };
    return resolved;
  };

  // Two parameters on purpose: Lambda's Node.js runtime treats a handler
  // with a third (callback) parameter as callback-style.
  return async function tracedHandler(event: E, context: C): Promise<R> {
    const { tracer, settings, flushMarginMs } = resolve(context);
    const sink = tracer.recorder?.sink;
    const invocation = startInvocation(tracer, settings, event, context, processEnv());
    let result: R;
    try {
      const trace = invocation.trace;
      result = await runActive(tracer, trace, () => handler(event, context, trace));
    } catch (error) {
      endInvocation(invocation, { error }, settings.traceResponse);
      if (sink) await flushWithinBudget(sink, context, flushMarginMs);
      throw error;
    }
    const response = endInvocation(invocation, { result }, settings.traceResponse) as R;
    if (sink) await flushWithinBudget(sink, context, flushMarginMs);
    return response;
  };
}

interface Resolved<E> {
  readonly tracer: Tracer;
  readonly settings: InvocationSettings<E>;
  readonly flushMarginMs: number;
}

function lambdaSettings<E>(options: LambdaTraceOptions<E>): Omit<Resolved<E>, "tracer"> {
  const { inbound = "trust", xray = DEFAULT_XRAY_MODE, sqs, traceResponse = false } = options;
  return {
    settings: { inbound, xray, perRecord: sqs?.parent === "parent", traceResponse },
    flushMarginMs: options.flushMarginMs ?? DEFAULT_FLUSH_MARGIN_MS,
  };
}

function functionName(context: LambdaContext): string | undefined {
  const name: unknown = context?.functionName;
  return typeof name === "string" && name !== "" ? name : undefined;
}
