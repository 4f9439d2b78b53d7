/// <reference types="aws-lambda" />
import type { StreamifyHandler } from "aws-lambda";
import { describe, expectTypeOf, it } from "vitest";
import {
  type LambdaContext,
  type ProxyResult,
  type SqsEvent,
  type Trace,
  withStreamingTrace,
  withTrace,
} from "../../src/lambda.js";

/** The shape of `@types/aws-lambda`'s `Context`, which has more required members than ours. */
interface AwsTypesContext extends LambdaContext {
  identity?: { cognitoIdentityId: string } | undefined;
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(message: unknown): void;
}

describe("withTrace types", () => {
  it("infers the event, context and result types of the handler", () => {
    const handler = withTrace(async (event: SqsEvent, context, trace) => {
      expectTypeOf(context).toEqualTypeOf<LambdaContext>();
      expectTypeOf(trace).toEqualTypeOf<Trace>();
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    expectTypeOf(handler).parameters.toEqualTypeOf<[SqsEvent, LambdaContext]>();
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<{
      batchItemFailures: { itemIdentifier: string }[];
    }>();
  });

  it("accepts a handler typed with a richer context", () => {
    const handler = withTrace(
      async (_event: unknown, context: AwsTypesContext): Promise<ProxyResult> => {
        context.succeed("unused");
        return { statusCode: 200 };
      },
    );
    expectTypeOf(handler).parameter(1).toEqualTypeOf<AwsTypesContext>();
  });
});

describe("withStreamingTrace types", () => {
  it("fits awslambda.streamifyResponse as @types/aws-lambda declares it, the stream type inferred", () => {
    type Streamify = <E, R>(handler: StreamifyHandler<E, R>) => StreamifyHandler<E, R>;
    const streamifyResponse: Streamify = (handler) => handler;
    const handler = streamifyResponse(
      withStreamingTrace(async (_event, responseStream, context, trace) => {
        expectTypeOf(responseStream).toEqualTypeOf<awslambda.HttpResponseStream>();
        expectTypeOf(trace).toEqualTypeOf<Trace>();
        responseStream.end(`${trace.traceId} ${context.awsRequestId}`);
      }),
    );
    expectTypeOf(handler).parameter(1).toEqualTypeOf<awslambda.HttpResponseStream>();
  });
});
