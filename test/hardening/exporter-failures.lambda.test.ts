/**
 * Exporter failures under the Lambda adapter, in Node with real-shaped API
 * Gateway v2 events and a real OTLP receiver. Lambda may freeze the process
 * once the handler returns, so the wrapper does wait for the export, but
 * only until `remaining − margin`: an export that fails returns the
 * handler's own result as soon as it has failed; one that hangs is left
 * behind at the deadline. Either way the result is the handler's very
 * object, `onError` is told, and no rejection goes unhandled.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OnError } from "../../src/export/diagnostics.js";
import type { ExportFunction } from "../../src/export/export-function.js";
import { exportSpans } from "../../src/export.js";
import { withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp.js";
import type { Exporter } from "../../src/trace/recorder.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { diagnostics, heldExporter, watchUnhandledRejections } from "./support/lambda.js";
import { eventually } from "./support/responses.js";

const result = {
  statusCode: 201,
  headers: { "content-type": "text/plain", "x-app": "kept" },
  body: "done",
  isBase64Encoded: false,
};
/**
 * Remaining time given to each invocation, and the margin kept back: a wide
 * margin, so that "returned before the deadline" holds even when timers run
 * late on a loaded machine (lambda-deadline.test.ts covers the default).
 */
const REMAINING_MS = 1000;
const MARGIN_MS = 400;
const BUDGET_MS = REMAINING_MS - MARGIN_MS;

let rx: OtlpReceiver;
let refused: string;
let unhandled: ReturnType<typeof watchUnhandledRejections>;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  refused = await closedPortUrl();
  unhandled = watchUnhandledRejections();
});
afterEach(() => rx.reset());
afterAll(async () => {
  unhandled.stop();
  await rx.close();
});

/** Invokes a fresh traced handler once; returns its result, timing and diagnostics. */
async function invoke(exporter?: (onError: OnError) => Exporter) {
  const told = diagnostics();
  const handler = withTrace(async () => result, {
    exporter: exporter?.(told.onError),
    flushMarginMs: MARGIN_MS,
  });
  const before = Date.now();
  const returned = await handler(loadEvent("apigw-v2"), lambdaContext(REMAINING_MS));
  // What onError had been told by the time the handler returned (a copy: later reports go on).
  return { returned, before, after: Date.now(), toldByReturn: [...told.events], told: told.events };
}

it("with export off, returns the handler's result as it is", async () => {
  const { returned } = await invoke();
  expect(returned).toBe(result);
});

describe("the OTLP exporter towards a collector that fails", () => {
  it("500: the same result once the export failed, within the budget; onError told", async () => {
    rx.failNext(500);
    const { returned, toldByReturn } = await invoke((onError) =>
      otlp({ endpoint: rx.url, onError }),
    );
    expect(returned).toBe(result);
    // The export had failed, and said so, before the result came back.
    expect(toldByReturn).toMatchObject([
      { type: "export-failed", spanCount: 1, error: { status: 500 } },
    ]);
  });

  it("429 every time: retried within the budget, then the same result; onError told", async () => {
    rx.failNext(429, { retryAfter: "0", times: 5 });
    const { returned, toldByReturn } = await invoke((onError) =>
      otlp({ endpoint: rx.url, onError }),
    );
    expect(returned).toBe(result);
    expect(rx.requests.length).toBeGreaterThan(1);
    expect(toldByReturn).toMatchObject([{ type: "export-failed", error: { status: 429 } }]);
  });

  it("connection refused: retries stop when the next would not fit; the same result in time", async () => {
    const { returned, toldByReturn } = await invoke((onError) =>
      otlp({ endpoint: refused, onError }),
    );
    expect(returned).toBe(result);
    expect(toldByReturn).toMatchObject([
      { type: "export-failed", error: { message: "Network error" } },
    ]);
  });

  it("never answers: the same result at the deadline, while the export is still pending", async () => {
    rx.failNext("hang");
    const { returned, before, after } = await invoke((onError) =>
      otlp({ endpoint: rx.url, onError }),
    );
    expect(returned).toBe(result);
    // It waited for its flush deadline (now + remaining − margin), not for the export.
    expect(rx.requests[0]?.state).toBe("pending");
    expect(after).toBeGreaterThanOrEqual(before + BUDGET_MS - 1);
    // The exporter gave up at the same deadline; the collector saw it go.
    await eventually(() => rx.requests[0]?.state === "aborted", "the export to be aborted");
  });

  it("sends 200 and headers but never the body: the same result at the deadline", async () => {
    rx.failNext("slow-body");
    const { returned, told } = await invoke((onError) => otlp({ endpoint: rx.url, onError }));
    expect(returned).toBe(result);
    await eventually(() => rx.requests[0]?.state === "aborted", "the export to be aborted");
    // A 200 is the collector's acceptance: the unread body is not an export failure.
    expect(told).toEqual([]);
  });
});

describe("custom exporters", () => {
  const threw = new Error("exporter threw synchronously");
  const rejected = new Error("exporter rejected");

  it("one that throws synchronously: the same result; onError gets its very error", async () => {
    const exporter = (() => {
      throw threw;
    }) as ExportFunction;
    const { returned, told } = await invoke((onError) => exportSpans(exporter, { onError }));
    expect(returned).toBe(result);
    expect(told).toEqual([{ type: "export-failed", spanCount: 1, error: threw }]);
  });

  it("one that rejects: the same result; onError gets its very error", async () => {
    const { returned, told } = await invoke((onError) =>
      exportSpans(() => Promise.reject(rejected), { onError }),
    );
    expect(returned).toBe(result);
    expect(told).toEqual([{ type: "export-failed", spanCount: 1, error: rejected }]);
  });

  it("one the test holds: the result comes at the deadline with the export pending; its late rejection is reported, not thrown", async () => {
    const held = heldExporter();
    const { returned, before, after, told } = await invoke((onError) =>
      exportSpans(held.exporter, { onError }),
    );
    expect(returned).toBe(result);
    expect(held.calls).toBe(1);
    expect(held.settled).toBe(false);
    // The export was given the flush deadline: now + remaining − margin, as the wrapper computed it.
    expect(held.deadline).toBeGreaterThanOrEqual(before + BUDGET_MS);
    expect(held.deadline).toBeLessThanOrEqual(after + BUDGET_MS);
    // Settled by the test only now, after the handler returned, and badly.
    held.reject(rejected);
    await eventually(() => told.length > 0, "the late failure to be reported");
    expect(told).toEqual([{ type: "export-failed", spanCount: 1, error: rejected }]);
  });
});

it("left no rejection unhandled", () => {
  expect(unhandled.reasons).toEqual([]);
});
