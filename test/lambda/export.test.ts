import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { forEachRecord, type SqsEvent, withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { lambdaContext, loadEvent } from "./support.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => {
  rx.reset();
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
});
afterAll(() => rx.close());

describe("export from Lambda to a real OTLP/HTTP receiver", () => {
  it("has sent the invocation's spans, valid OTLP, by the time the handler returns", async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = "orders-consumer";
    const handler = withTrace(
      async (event: SqsEvent, _context, trace) => {
        await forEachRecord(event, trace, () => undefined);
        return { batchItemFailures: [] };
      },
      { exporter: otlp({ endpoint: rx.url }), sqs: { parent: "parent" } },
    );
    await handler(loadEvent("sqs"), lambdaContext(3_000));

    expect(rx.problems()).toEqual([]);
    const spans = rx.spans();
    expect(spans).toHaveLength(4);
    const batch = spans.find((s) => s.links.length === 3)!;
    expect(batch.name).toBe("orders process");
    expect(batch.resource["service.name"]).toBe("orders-consumer");
    const fromProducer = spans.find((s) => s.traceId === "4bf92f3577b34da6a3ce929d0e0e4736")!;
    expect(fromProducer.parentSpanId).toBe("00f067aa0ba902b7");
  });

  it("names the service after the invoked function when nothing else does", async () => {
    // No AWS_LAMBDA_FUNCTION_NAME (a local invoke): the context still names the function.
    const handler = withTrace(async () => ({ statusCode: 200 }), {
      exporter: otlp({ endpoint: rx.url }),
    });
    await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
    expect(rx.spans()[0]?.resource["service.name"]).toBe("orders-api");
  });

  it("lets the serviceName option win over the function name", async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = "orders-consumer";
    const named = withTrace(async () => ({ statusCode: 200 }), {
      exporter: otlp({ endpoint: rx.url, serviceName: "orders" }),
    });
    await named(loadEvent("apigw-v2"), lambdaContext(3_000));
    expect(rx.spans()[0]?.resource["service.name"]).toBe("orders");
  });

  it("returns within the remaining time when the collector never answers", async () => {
    rx.failNext("hang", { times: 5 });
    const handler = withTrace(async () => ({ statusCode: 200 }), {
      exporter: otlp({ endpoint: rx.url }),
      flushMarginMs: 100,
    });
    const result = await handler(loadEvent("apigw-v2"), lambdaContext(400));
    expect(result).toEqual({ statusCode: 200 });
    // Returned at its deadline (400 ms left − the 100 ms margin) with the export still
    // pending: it never waits for the exporter's own 10 s timeout.
    expect(rx.requests.filter((r) => r.state !== "pending")).toEqual([]);
  });
});
