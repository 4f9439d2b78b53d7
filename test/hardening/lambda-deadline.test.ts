/**
 * Lambda with its remaining time nearly spent, through the real batch sink
 * and OTLP exporter (test/lambda/flush.test.ts covers the same contract
 * with a fake sink; export.test.ts a hanging collector with 400 ms left).
 * The wrapper returns before the invocation's deadline, whatever the
 * collector does; what it cannot send in time stays buffered (bounded,
 * the overflow counted) or, once sent and abandoned, is reported failed.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { diagnostics } from "./support/lambda.js";
import { eventually } from "./support/responses.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx.close());

const result = { statusCode: 200, body: "ok" };

it("60 ms left, default 100 ms margin: returns at once without sending; the span goes with the next invocation", async () => {
  const told = diagnostics();
  const handler = withTrace(async () => result, {
    exporter: otlp({ endpoint: rx.url, onError: told.onError }),
  });

  // It does not wait at all: it resolves before even a 0 ms timer can fire.
  const event = loadEvent("apigw-v2");
  const order: string[] = [];
  const timer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
    order.push("0 ms timer");
  });
  const returned = handler(event, lambdaContext(60)).then((value) => {
    order.push("returned");
    return value;
  });
  await Promise.all([timer, returned]);
  expect(order).toEqual(["returned", "0 ms timer"]);
  expect(await returned).toBe(result);
  // No export was even started: there was no time for one.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(rx.requests).toHaveLength(0);

  // The span was kept, not lost: the next invocation with time sends both.
  await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
  expect(rx.requests).toHaveLength(1);
  expect(rx.spans()).toHaveLength(2);
  expect(told.events).toEqual([]);
});

it("what stays buffered is bounded: beyond maxQueueSize spans are dropped and counted", async () => {
  const told = diagnostics();
  const handler = withTrace(async () => result, {
    exporter: otlp({ endpoint: rx.url, maxQueueSize: 2, onError: told.onError }),
  });
  for (let i = 0; i < 5; i++) await handler(loadEvent("apigw-v2"), lambdaContext(60));
  expect(rx.requests).toHaveLength(0);

  await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
  // The two oldest were kept and sent; the other three, and the sixth invocation's own
  // span (the buffer was still full when it ended), were dropped and counted, one per flush.
  expect(rx.spans()).toHaveLength(2);
  expect(told.events).toEqual(
    Array.from({ length: 4 }, () => ({ type: "spans-dropped", count: 1, reason: "queue-full" })),
  );
});

it("150 ms left and a collector that hangs: returns before the deadline with the export in flight, which is then dropped", async () => {
  rx.failNext("hang");
  const told = diagnostics();
  const handler = withTrace(async () => result, {
    exporter: otlp({ endpoint: rx.url, onError: told.onError }),
  });

  const event = loadEvent("apigw-v2");
  const before = Date.now();
  const returned = await handler(event, lambdaContext(150));
  const after = Date.now();
  // The collector answered nothing (on a loaded machine the request may not even
  // have reached it yet), and the wrapper resolved at its deadline (150 ms left
  // − the 100 ms margin), not at the exporter's 10 s timeout: the export was
  // still pending.
  expect(rx.requests.filter((r) => r.state !== "pending")).toEqual([]);
  expect(returned).toBe(result);
  expect(after).toBeGreaterThanOrEqual(before + 50 - 1);

  // The exporter gave up at the same deadline: the batch is lost, and said to be.
  await eventually(() => told.events.length > 0, "the failure to be reported");
  expect(told.events).toMatchObject([
    { type: "export-failed", spanCount: 1, error: { message: "Export deadline passed" } },
  ]);
  await eventually(() => rx.requests[0]?.state === "aborted", "the collector to see it go");
  expect(rx.requests).toHaveLength(1);
});
