/**
 * Handler failures under the Lambda adapter, in Node with real-shaped
 * events and a real OTLP receiver: the invocation rejects with the very
 * value the handler threw (synchronously or by rejecting), after the span
 * recording it has been exported; a result that is not a proxy result is
 * returned as it is.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LambdaContext } from "../../src/lambda/context.js";
import { type LambdaHandler, withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { watchUnhandledRejections } from "./support/lambda.js";
import { expectNoError, expectRecordedError, SERVER } from "./support/spans.js";

let rx: OtlpReceiver;
let unhandled: ReturnType<typeof watchUnhandledRejections>;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  unhandled = watchUnhandledRejections();
});
afterEach(() => rx.reset());
afterAll(async () => {
  unhandled.stop();
  await rx.close();
});

const traced = <R>(handler: LambdaHandler<unknown, LambdaContext, R>) =>
  withTrace(handler, { exporter: otlp({ endpoint: rx.url }) });

describe.each([
  {
    how: "throws synchronously",
    error: Object.assign(new Error("boom: thrown synchronously"), { name: "ThrownError" }),
    handler: (error: Error) =>
      // Not an async function: the throw happens before any promise exists.
      (() => {
        throw error;
      }) as unknown as LambdaHandler<unknown, LambdaContext, never>,
  },
  {
    how: "rejects",
    error: Object.assign(new Error("boom: rejected"), { name: "RejectedError" }),
    handler: (error: Error) => () => Promise.reject(error),
  },
])("a handler that $how", ({ error, handler }) => {
  it("rejects with the very same error, after its span was exported", async () => {
    const invocation = traced(handler(error))(loadEvent("apigw-v2"), lambdaContext(3_000));
    await expect(invocation).rejects.toBe(error);
    // Already there when the rejection arrived: Lambda may freeze right after it.
    const [span] = rx.spans();
    expect(span?.kind).toBe(SERVER);
    expectRecordedError(span!, { type: error.name, message: error.message });
  });
});

describe("a handler whose result is not a proxy result", () => {
  it("API Gateway v1: returns it as it is; the span has no status, though API Gateway answers 502 (gap)", async () => {
    const odd = { not: "a proxy result" };
    const returned = await traced(async () => odd)(loadEvent("apigw-v1"), lambdaContext(3_000));
    expect(returned).toBe(odd);
    const [span] = rx.spans();
    expect(span?.attributes["http.response.status_code"]).toBeUndefined();
    expectNoError(span!);
  });

  it("API Gateway v2: returns it as it is; the span says 200, as payload format 2.0 does", async () => {
    const returned = await traced(async () => undefined)(
      loadEvent("apigw-v2"),
      lambdaContext(3_000),
    );
    expect(returned).toBeUndefined();
    const [span] = rx.spans();
    expect(span?.attributes["http.response.status_code"]).toBe(200);
    expectNoError(span!);
  });
});

it("left no rejection unhandled", () => {
  expect(unhandled.reasons).toEqual([]);
});
