/**
 * Response streaming (function URLs with `RESPONSE_STREAM`): a handler
 * written for `awslambda.streamifyResponse` writes its response to a
 * stream instead of returning it. The invocation's span ends when that
 * stream has ended (the runtime waits for it too), and the spans are
 * flushed after it: by then the caller has the whole response.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
 * @module
 */
import type { Trace } from "../trace/trace.js";
import type { LambdaContext } from "./context.js";
import { lambdaInvoker } from "./invoker.js";
import type { LambdaConfig } from "./options.js";

/**
 * The response stream Lambda's Node.js runtime hands a streaming handler
 * (a Node.js `Writable`; `awslambda.HttpResponseStream` in
 * `@types/aws-lambda`), written structurally.
 */
export interface LambdaResponseStream {
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  /** `true` once the stream has ended and everything was written. */
  readonly writableFinished?: boolean | undefined;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The streaming handler you write: Lambda's three arguments, then its trace. */
export type StreamingLambdaHandler<E, S extends LambdaResponseStream, C extends LambdaContext> = (
  event: E,
  responseStream: S,
  context: C,
  trace: Trace,
) => Promise<void>;

/** What `withStreamingTrace` returns: the handler to pass to `awslambda.streamifyResponse`. */
export type TracedStreamingLambdaHandler<
  E,
  S extends LambdaResponseStream,
  C extends LambdaContext,
> = (event: E, responseStream: S, context: C) => Promise<void>;

/**
 * Wraps a streaming Lambda handler; pass the result to
 * `awslambda.streamifyResponse`. The invocation span ends when the
 * response stream has ended (or failed), not when the handler's promise
 * settles; the spans are flushed after that, as with `withTrace`. Errors
 * are re-thrown unchanged. The status code sent in
 * `awslambda.HttpResponseStream.from(stream, { statusCode })` goes straight
 * to the runtime: the span records a 200 for function URL events.
 * @param handler - `async (event, responseStream, context, trace) => void`.
 * @param options - the options of `withTrace`.
 * @returns `(event, responseStream, context) => Promise<void>`.
 * @example
 * import { withStreamingTrace } from "edge-trace/lambda";
 *
 * export const handler = awslambda.streamifyResponse(
 *   withStreamingTrace(async (event, responseStream, context, trace) => {
 *     responseStream.write("hello ");
 *     responseStream.end(trace.traceId);
 *   }),
 * );
 * @see https://docs.aws.amazon.com/lambda/latest/dg/response-streaming-tutorial.html
 */
export function withStreamingTrace<
  E,
  S extends LambdaResponseStream = LambdaResponseStream,
  C extends LambdaContext = LambdaContext,
>(
  handler: StreamingLambdaHandler<E, S, C>,
  options: LambdaConfig<E> = {},
): TracedStreamingLambdaHandler<E, S, C> {
  const begin = lambdaInvoker<E, C>(options);
  return async function tracedStreamingHandler(event, responseStream, context) {
    const run = begin<undefined>(event, context);
    // Listened to before the handler runs: it may end the stream at once.
    const streamEnded = whenEnded(responseStream);
    try {
      await handler(event, responseStream, context, run.trace);
    } catch (error) {
      run.end({ error });
      await run.flush();
      throw error;
    }
    // The runtime waits for the stream after the handler's promise; so does
    // the span, within the time the invocation has left.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, run.remainingMs()), undefined);
    });
    const ended = await Promise.race([streamEnded, late]);
    clearTimeout(timer);
    run.end(ended && "error" in ended ? ended : { result: undefined });
    await run.flush();
  };
}

type StreamEnd = { readonly finished: true } | { readonly error: unknown };

/** Resolves when the stream has finished, or with its error; never rejects. */
function whenEnded(stream: LambdaResponseStream): Promise<StreamEnd> {
  return new Promise((resolve) => {
    try {
      if (stream.writableFinished) return resolve({ finished: true });
      stream.once("finish", () => resolve({ finished: true }));
      stream.once("close", () => resolve({ finished: true }));
      stream.once("error", (error: unknown) => resolve({ error }));
    } catch {
      resolve({ finished: true });
    }
  });
}
