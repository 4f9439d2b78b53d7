/**
 * OTLP/HTTP protobuf from a Lambda handler invoked with an API Gateway v2
 * event as AWS delivers it: the spans are sent, decoded by the official
 * schema, by the time the handler returns.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp-protobuf.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterAll(() => rx.close());

it("has sent the invocation's span as protobuf by the time the handler returns", async () => {
  const handler = withTrace(async () => ({ statusCode: 200, body: "ok" }), {
    exporter: otlp({ endpoint: rx.url, protocol: "http/protobuf", serviceName: "orders" }),
  });
  const result = await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
  expect(result).toMatchObject({ statusCode: 200 });
  expect(rx.problems()).toEqual([]);
  expect(rx.requests.map((r) => r.headers["content-type"])).toEqual(["application/x-protobuf"]);
  expect(rx.spans()).toHaveLength(1);
  expect(rx.spans()[0]).toMatchObject({ kind: 2, resource: { "service.name": "orders" } });
});
