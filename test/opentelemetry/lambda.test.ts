/**
 * The bridge on Lambda: the invocation's span is active in the handler, and
 * with per-record traces (`sqs: { parent: "parent" }`) each record's span
 * is active while `forEachRecord` handles it, so API spans made there are
 * the record's children, in the producer's trace.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { trace } from "@opentelemetry/api";
import { expect, it } from "vitest";
import { forEachRecord, type SqsEvent, withTrace } from "../../src/lambda.js";
import { openTelemetry } from "../../src/opentelemetry.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

it("makes the invocation's span, then each record's, the active span", async () => {
  const sink = collectingSink();
  const seen: { active?: string; own: string }[] = [];
  const handler = withTrace(
    async (event: SqsEvent, _context, t) => {
      seen.push({ active: trace.getActiveSpan()?.spanContext().spanId, own: t.spanId });
      await forEachRecord(event, t, (_record, recordTrace) => {
        seen.push({ active: trace.getActiveSpan()?.spanContext().spanId, own: recordTrace.spanId });
        trace.getTracer("consumer-lib").startSpan("handle record").end();
      });
      return { batchItemFailures: [] };
    },
    {
      exporter: sinkExporter(sink),
      sqs: { parent: "parent" },
      openTelemetry: openTelemetry({ AsyncLocalStorage }),
    },
  );
  await handler(loadEvent("sqs"), lambdaContext(3_000));
  expect(seen.length).toBeGreaterThan(1);
  for (const { active, own } of seen) expect(active).toBe(own);
  const handled = sink.spans.filter((span) => span.name === "handle record");
  expect(handled).toHaveLength(seen.length - 1);
  for (const span of handled) {
    const parent = sink.spans.find((candidate) => candidate.spanId === span.parentSpanId);
    expect(parent?.kind).toBe("consumer");
    expect(span.traceId).toBe(parent?.traceId);
  }
  // The record that carried the producer's context continues the producer's trace.
  expect(handled.some((span) => span.traceId === "4bf92f3577b34da6a3ce929d0e0e4736")).toBe(true);
});
