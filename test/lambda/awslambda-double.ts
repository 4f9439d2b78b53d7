/**
 * The `awslambda` global of Lambda's Node.js runtime, as its documentation
 * and `@types/aws-lambda` describe it, and the runtime's side of a
 * streaming invocation:
 * - `streamifyResponse(handler)` marks the handler as streaming and returns it;
 * - `HttpResponseStream.from(stream, metadata)` writes the JSON metadata and
 *   eight NUL bytes before the body, and returns the stream;
 * - the runtime calls `handler(event, responseStream, context)`, awaits its
 *   promise, then waits for the stream to finish (it fails the invocation
 *   when the stream is not finished).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/response-streaming-tutorial.html
 */
/// <reference types="aws-lambda" />
import { Writable } from "node:stream";
import type { StreamifyHandler } from "aws-lambda";
import type { LambdaContext } from "../../src/lambda.js";

const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");

type Streaming = (event: unknown, stream: Writable, context: LambdaContext) => Promise<unknown>;

/** The two members of `awslambda` a streaming handler uses, typed as `@types/aws-lambda` declares them. */
export interface Awslambda {
  streamifyResponse<E, R>(handler: StreamifyHandler<E, R>): StreamifyHandler<E, R>;
  HttpResponseStream: {
    from(stream: Writable, metadata: Record<string, unknown>): awslambda.HttpResponseStream;
  };
}

export const awslambdaDouble: Awslambda = {
  streamifyResponse(handler) {
    Object.defineProperty(handler, STREAMING, { value: "response" });
    return handler;
  },
  HttpResponseStream: {
    from(stream, metadata) {
      stream.write(JSON.stringify(metadata));
      stream.write(new Uint8Array(8));
      return stream as awslambda.HttpResponseStream;
    },
  },
};

/** The response stream the runtime passes: collects what is written, times its end. */
export function responseStream(): Writable & { body(): string; finishedAt?: number } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  }) as Writable & { body(): string; finishedAt?: number };
  stream.body = () => Buffer.concat(chunks).toString("utf8");
  stream.once("finish", () => {
    stream.finishedAt = Date.now();
  });
  return stream;
}

/**
 * Invokes a streaming handler the way the runtime does.
 * @returns when the handler settled and the stream finished; rejects as the runtime would fail it.
 */
export async function invokeStreaming(
  // biome-ignore lint/suspicious/noExplicitAny: any streaming handler, as the runtime takes it
  handler: Streaming | StreamifyHandler<any, any>,
  event: unknown,
  context: LambdaContext,
): Promise<{ stream: ReturnType<typeof responseStream>; settledAt: number }> {
  if ((handler as { [STREAMING]?: string })[STREAMING] !== "response") {
    throw new Error("not a streaming handler");
  }
  const stream = responseStream();
  await (handler as Streaming)(event, stream, context);
  const settledAt = Date.now();
  if (!stream.writableFinished) {
    await new Promise((resolve) => stream.once("finish", resolve));
  }
  return { stream, settledAt };
}
