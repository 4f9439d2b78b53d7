import { describe, expect, it } from "vitest";
import {
  forEachRecord,
  type LambdaTraceOptions,
  type SqsEvent,
  type SqsRecord,
  withTrace,
} from "../../src/lambda.js";
import type { Trace } from "../../src/trace/trace.js";
import { recordingFetch } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, lambdaContext, loadEvent, spanNamed } from "./support.js";

const RECORD_1 = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
const RECORD_1_XRAY = { traceId: "5759e988bd862e3fe1be46a994272793", spanId: "53995c3f42cd8ad8" };
const RECORD_2_XRAY = { traceId: "6dd4c3f21c2b3a4d5e6f708192a3b4c5", spanId: "7a8b9c0d1e2f3a4b" };

type Seen = { record: SqsRecord; trace: Trace; index: number };

/** Runs the SQS example batch through `forEachRecord`. */
async function processBatch(options: LambdaTraceOptions<SqsEvent> = {}, fail?: unknown) {
  const sink = collectingSink();
  const net = recordingFetch();
  const seen: Seen[] = [];
  let batchTrace: Trace | undefined;
  const handler = withTrace(
    async (event: SqsEvent, _context, trace) => {
      batchTrace = trace;
      await forEachRecord(event, trace, async (record, recordTrace, index) => {
        seen.push({ record, trace: recordTrace, index });
        await recordTrace.fetch("https://inventory.example/reserve", { method: "POST" });
        if (fail && index === 1) throw fail;
      });
      return { batchItemFailures: [] };
    },
    { exporter: sinkExporter(sink), fetch: net.fetch, ...options },
  );
  const event = loadEvent("sqs") as SqsEvent;
  const outcome = await handler(event, lambdaContext()).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { sink, net, seen, batchTrace: batchTrace!, event, outcome };
}

describe("SQS batches", () => {
  it("start a root consumer span that links every record's context", async () => {
    const { sink, batchTrace } = await processBatch();
    const batch = spanNamed(sink.spans, "orders process");
    expect(batch.kind).toBe("consumer");
    expect(batch.parentSpanId).toBeUndefined();
    expect(batchTrace.parentSpanId).toBeUndefined();
    expect(batch.attributes).toMatchObject({
      "faas.trigger": "pubsub",
      "messaging.system": "aws_sqs",
      "messaging.operation.type": "process",
      "messaging.destination.name": "orders",
      "messaging.batch.message_count": 3,
    });
    const links = batch.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: link.attributes,
    }));
    expect(links).toEqual([
      {
        ...RECORD_1,
        attributes: { "messaging.message.id": "059f36b4-87a3-44ab-83d2-661975830a7d" },
      },
      // AWSTraceHeader, linked in the default X-Ray mode.
      { ...RECORD_1_XRAY, attributes: { source: "x-ray-message" } },
      { ...RECORD_2_XRAY, attributes: { source: "x-ray-message" } },
    ]);
    expect(batch.links[0]!.context.traceState).toBe("rojo=00f067aa0ba902b7");
  });

  it("hand every record the batch trace with parent: 'link' (the default)", async () => {
    const { seen, batchTrace, sink } = await processBatch();
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2]);
    for (const { trace } of seen) expect(trace).toBe(batchTrace);
    // Only the batch span and the three client spans.
    expect(sink.spans.filter((s) => s.kind === "consumer")).toHaveLength(1);
  });

  it("with parent: 'parent', run each record in a span parented to the record's own context", async () => {
    const { sink, seen, batchTrace, net } = await processBatch({ sqs: { parent: "parent" } });
    const batch = spanNamed(
      sink.spans.filter((s) => s.parentSpanId === undefined),
      "orders process",
    );
    const [first, second, third] = seen.map((s) => s.trace);

    // Record 1 carried W3C context and baggage: the producer's trace continues.
    expect(first!.traceId).toBe(RECORD_1.traceId);
    expect(first!.parentSpanId).toBe(RECORD_1.spanId);
    expect(first!.getBaggage("tenant")).toBe("acme");
    const firstSpan = sink.spans.find((s) => s.spanId === first!.spanId)!;
    expect(firstSpan).toMatchObject({ name: "orders process", kind: "consumer" });
    expect(firstSpan.attributes["messaging.message.id"]).toBe(
      "059f36b4-87a3-44ab-83d2-661975830a7d",
    );
    expect(firstSpan.links.map((l) => l.context.spanId)).toEqual([
      batch.spanId,
      RECORD_1_XRAY.spanId,
    ]);
    expect(net.calls[0]!.headers.get("traceparent")).toMatch(
      new RegExp(`^00-${RECORD_1.traceId}-[0-9a-f]{16}-01$`),
    );
    expect(net.calls[0]!.headers.get("baggage")).toBe("tenant=acme");

    // Record 2 had only an X-Ray header, linked by default: a child of the batch span.
    expect(second!.traceId).toBe(batchTrace.traceId);
    expect(second!.parentSpanId).toBe(batchTrace.spanId);
    const secondSpan = sink.spans.find((s) => s.spanId === second!.spanId)!;
    expect(secondSpan.links.map((l) => l.context.spanId)).toEqual([RECORD_2_XRAY.spanId]);

    // Record 3 had baggage only: batch child, with that baggage.
    expect(third!.parentSpanId).toBe(batchTrace.spanId);
    expect(third!.getBaggage("tenant")).toBe("globex");
    expect(net.calls[2]!.headers.get("baggage")).toBe("tenant=globex");
  });

  it("with parent: 'parent' and xray: 'parent', parent a record to its AWSTraceHeader", async () => {
    const { seen } = await processBatch({ sqs: { parent: "parent" }, xray: "parent" });
    // W3C still wins over X-Ray for record 1.
    expect(seen[0]!.trace.parentSpanId).toBe(RECORD_1.spanId);
    expect(seen[1]!.trace.traceId).toBe(RECORD_2_XRAY.traceId);
    expect(seen[1]!.trace.parentSpanId).toBe(RECORD_2_XRAY.spanId);
  });

  it("record a throw on the record's span and the batch span, and re-throw it unchanged", async () => {
    const failure = new Error("out of stock");
    const { sink, seen, outcome } = await processBatch({ sqs: { parent: "parent" } }, failure);
    expect(outcome).toEqual({ error: failure });
    expect((outcome as { error: unknown }).error).toBe(failure);
    expect(seen).toHaveLength(2);
    const recordSpan = sink.spans.find((s) => s.spanId === seen[1]!.trace.spanId)!;
    expect(recordSpan.status).toEqual({ code: "error", message: "out of stock" });
    const batch = sink.spans.find((s) => s.name === "orders process" && s.links.length === 3)!;
    expect(batch.status.code).toBe("error");
  });

  it("keep record contexts as links only, without baggage, when inbound is 'ignore'", async () => {
    const { seen } = await processBatch({ sqs: { parent: "parent" }, inbound: "ignore" });
    expect(seen[0]!.trace.parentSpanId).not.toBe(RECORD_1.spanId);
    expect(seen[0]!.trace.getBaggage("tenant")).toBeUndefined();
  });

  it("leave forEachRecord usable with an event withTrace did not start", async () => {
    const trace = {} as Trace;
    const indexes: number[] = [];
    await forEachRecord(loadEvent("sqs") as SqsEvent, trace, (_record, t, index) => {
      expect(t).toBe(trace);
      indexes.push(index);
    });
    expect(indexes).toEqual([0, 1, 2]);
  });
});

describe("SNS notifications", () => {
  it("continue the publisher's trace from MessageAttributes", async () => {
    const sink = collectingSink();
    let seen: Trace | undefined;
    const handler = withTrace(
      async (_event: unknown, _context, trace) => {
        seen = trace;
      },
      { exporter: sinkExporter(sink) },
    );
    await handler(loadEvent("sns"), lambdaContext());
    const span = spanNamed(sink.spans, "order-events process");
    expect(span.kind).toBe("consumer");
    expect(seen!.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span.parentSpanId).toBe("b7ad6b7169203331");
    expect(span.traceState).toBe("congo=t61rcWkgMzE");
    expect(seen!.getBaggage("tenant")).toBe("acme");
    expect(span.attributes).toMatchObject({
      "faas.trigger": "pubsub",
      "messaging.system": "aws_sns",
      "messaging.destination.name": "order-events",
      "messaging.message.id": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
    });
  });

  it("link the publisher instead when inbound is a predicate that says no", async () => {
    const sink = collectingSink();
    const handler = withTrace(async () => undefined, {
      exporter: sinkExporter(sink),
      inbound: () => false,
    });
    await handler(loadEvent("sns"), lambdaContext());
    const span = sink.spans[0]!;
    expect(span.parentSpanId).toBeUndefined();
    expect(span.links.map((l) => l.context.spanId)).toEqual(["b7ad6b7169203331"]);
  });
});
