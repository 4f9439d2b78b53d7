/**
 * edge-trace for AWS Lambda: `withTrace` wraps an async handler so each
 * invocation continues the caller's trace (API Gateway v1 and v2, function
 * URLs, ALB, SQS, SNS; anything else starts a new trace), hands the handler
 * its {@link Trace}, and exports its spans: in Lambda, after the response
 * (edge-trace registers as an internal extension when `withTrace` runs
 * during Init); elsewhere before returning, within `flushBudgetMs`.
 * @module
 */

import type { LambdaContext } from "./lambda/context.js";
import { lambdaInvoker } from "./lambda/invoker.js";
import type { LambdaConfig } from "./lambda/options.js";
import { runActive } from "./trace/run-active.js";
import type { Trace } from "./trace/trace.js";

/**
 * `otlp` from `edge-trace/otlp`, the same function: a function deployed
 * without a bundler then loads one entry point, not two (Node resolves and
 * loads each, about 1 ms of a cold start).
 */
export { otlp } from "./export/otlp-default.js";
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
export type {
  LambdaResponseStream,
  StreamingLambdaHandler,
  TracedStreamingLambdaHandler,
} from "./lambda/streaming.js";
export { withStreamingTrace } from "./lambda/streaming.js";
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
 * record's context instead. In Lambda, with an exporter, the wrapper
 * registers as an internal extension as it is called (at module top level:
 * during Init), and spans are flushed after the runtime has sent the
 * response, within the invocation's remaining time minus `flushMarginMs`.
 * Where there is no extension (a direct call, a refused registration,
 * `extension: false`) they are flushed before returning, within
 * `flushBudgetMs` (default 1 s). Errors are re-thrown unchanged. The event is bound to the trace, so `traceOf(event)`
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
  const begin = lambdaInvoker<E, C>(options);
  // Two parameters on purpose: Lambda's Node.js runtime treats a handler
  // with a third (callback) parameter as callback-style.
  return async function tracedHandler(event: E, context: C): Promise<R> {
    const run = begin<R>(event, context);
    let result: R;
    try {
      result = await runActive(run.tracer, run.trace, () => handler(event, context, run.trace));
    } catch (error) {
      run.end({ error });
      await run.flush();
      throw error;
    }
    const response = run.end({ result }) as R;
    await run.flush();
    return response;
  };
}
