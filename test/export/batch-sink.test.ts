import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { BatchSink } from "../../src/export/batch-sink.js";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import type { ExportContext, ExportFunction } from "../../src/export/export-function.js";
import { createOtlpExporter } from "../../src/export/otlp-exporter.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let counter = 0;
function span(name = "s"): FinishedSpan {
  const id = (++counter).toString(16).padStart(16, "0");
  return finishedSpan({ spanId: id, name });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An exporter that records each batch, optionally waiting on a gate first. */
function recorder(gate?: Promise<void>) {
  const batches: FinishedSpan[][] = [];
  const contexts: ExportContext[] = [];
  const exporter: ExportFunction = async (spans, context) => {
    contexts.push(context);
    await gate;
    batches.push([...spans]);
  };
  return { exporter, batches, contexts };
}

describe("BatchSink: buffering and flushing", () => {
  test("a custom export function receives every span, in batches of maxExportBatchSize", async () => {
    const { exporter, batches, contexts } = recorder();
    const sink = new BatchSink({
      exporter,
      maxExportBatchSize: 500,
      resource: { "service.name": "x" },
    });
    for (let i = 0; i < 1100; i++) sink.onEnd(span());
    expect(sink.size).toBe(1100);
    await sink.flush(Date.now() + 5000);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 100]);
    expect(contexts[0]?.resource).toEqual({ "service.name": "x" });
    expect(contexts[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(sink.stats()).toEqual({ queued: 0, dropped: 0, exported: 1100, failed: 0 });
  });

  test("bounded: 10,000 spans with maxQueueSize 2048 and the collector down", async () => {
    const events: DiagnosticEvent[] = [];
    const url = `${await closedPortUrl()}/v1/traces`;
    const sink = new BatchSink({
      exporter: createOtlpExporter({ url, retry: { initialBackoffMs: 5, maxAttempts: 2 } }),
      maxQueueSize: 2048,
      report: (e) => events.push(e),
    });
    for (let i = 0; i < 10_000; i++) sink.onEnd(span());
    expect(sink.size).toBe(2048);
    await sink.flush(Date.now() + 2000);
    expect(sink.size).toBeLessThanOrEqual(2048);
    expect(events[0]).toEqual({
      type: "spans-dropped",
      count: 10_000 - 2048,
      reason: "queue-full",
    });
    expect(events.filter((e) => e.type === "export-failed").length).toBeGreaterThan(0);
    expect(sink.stats().dropped).toBe(10_000 - 2048);
    // Drops are reported once: the next flush has nothing new to say about them.
    events.length = 0;
    await sink.flush(Date.now());
    expect(events.filter((e) => e.type === "spans-dropped")).toEqual([]);
  });

  test("a throwing or rejecting exporter never escapes flush; onError hears of it", async () => {
    const events: DiagnosticEvent[] = [];
    const boom = new Error("boom");
    const throwing: ExportFunction = () => {
      throw boom;
    };
    const rejecting: ExportFunction = () => Promise.reject(boom);
    for (const exporter of [throwing, rejecting]) {
      const sink = new BatchSink({ exporter, report: (e) => events.push(e) });
      sink.onEnd(span());
      sink.onEnd(span());
      await expect(sink.flush(Date.now() + 1000)).resolves.toBeUndefined();
      expect(sink.stats().failed).toBe(2);
    }
    expect(events).toEqual([
      { type: "export-failed", spanCount: 2, error: boom },
      { type: "export-failed", spanCount: 2, error: boom },
    ]);
  });

  test("a throwing onError hook is swallowed", async () => {
    const sink = new BatchSink({
      exporter: () => Promise.reject(new Error("x")),
      report: () => {
        throw new Error("hook");
      },
    });
    sink.onEnd(span());
    await expect(sink.flush(Date.now() + 1000)).resolves.toBeUndefined();
  });

  test("an exporter that never settles: flush resolves at the deadline, the export still pending", async () => {
    let settled = false;
    const never: ExportFunction = () =>
      new Promise<void>(() => {}).finally(() => {
        settled = true;
      });
    const sink = new BatchSink({ exporter: never });
    sink.onEnd(span());
    await sink.flush(Date.now() + 100);
    expect(settled).toBe(false);
  });

  test("a deadline already past resolves at once and keeps the spans for the next flush", async () => {
    const { exporter, batches } = recorder();
    const sink = new BatchSink({ exporter });
    sink.onEnd(span());
    await sink.flush(Date.now() - 1);
    expect(batches).toEqual([]);
    expect(sink.size).toBe(1);
    await sink.flush();
    expect(batches).toHaveLength(1);
  });

  test("concurrent flushes share the work: every span once, each waits for the other's batch", async () => {
    const gate = deferred();
    const { exporter, batches } = recorder(gate.promise);
    const sink = new BatchSink({ exporter, maxExportBatchSize: 10 });
    for (let i = 0; i < 20; i++) sink.onEnd(span());
    let secondDone = false;
    const first = sink.flush(Date.now() + 5000);
    const second = sink.flush(Date.now() + 5000).then(() => {
      secondDone = true;
    });
    const third = sink.flush(Date.now() + 5000); // nothing left to take: waits for the others
    await new Promise((r) => setTimeout(r, 20));
    expect(secondDone).toBe(false);
    expect(sink.size).toBe(0);
    gate.resolve();
    await Promise.all([first, second, third]);
    const ids = batches.flat().map((s) => s.spanId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  test("flush sends what was buffered when called; spans ending meanwhile wait for the next", async () => {
    const gate = deferred();
    const { exporter, batches } = recorder(gate.promise);
    const sink = new BatchSink({ exporter, maxExportBatchSize: 2 });
    for (let i = 0; i < 3; i++) sink.onEnd(span("before"));
    const flushed = sink.flush(Date.now() + 5000);
    sink.onEnd(span("during"));
    gate.resolve();
    await flushed;
    expect(batches.map((batch) => batch.map((s) => s.name))).toEqual([
      ["before", "before"],
      ["before"],
    ]);
    expect(sink.size).toBe(1);
  });

  test("flush(deadline, { joinOthers: false }) does not wait for batches another flush has in flight", async () => {
    const gate = deferred();
    const { exporter, batches } = recorder(gate.promise);
    const sink = new BatchSink({ exporter });
    sink.onEnd(span());
    const first = sink.flush(Date.now() + 5000);
    // Resolves while the first flush's batch is still held at the gate.
    await sink.flush(Date.now() + 5000, { joinOthers: false });
    expect(sink.exporting).toBe(1);
    gate.resolve();
    await first;
    expect(batches).toHaveLength(1);
    expect(sink.exporting).toBe(0);
  });
});

describe("BatchSink: exports in flight", () => {
  test("an export that never settles counts as in flight only until its deadline (workerd may never settle it)", async () => {
    const sink = new BatchSink({ exporter: () => new Promise<void>(() => {}) });
    sink.onEnd(span());
    const flushed = sink.flush(Date.now() + 100);
    expect(sink.exporting).toBe(1);
    await flushed;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sink.exporting).toBe(0);
  });

  test("the timer fires the joined flush, armed by another signal with no span waiting", async () => {
    const { exporter } = recorder();
    const sink = new BatchSink({ exporter, scheduledDelayMs: 20 });
    const joined: number[] = [];
    const flushSpans = sink.flush;
    (sink as { flush: BatchSink["flush"] }).flush = (deadline, options) => {
      joined.push(Date.now());
      return flushSpans(deadline, options);
    };
    sink.schedule();
    await vi.waitFor(() => expect(joined).toHaveLength(1));
    await sink.shutdown();
  });
});

describe("BatchSink with a real collector", () => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());

  test("a collector that never answers: flush resolves by the deadline while the request hangs", async () => {
    rx.reset();
    rx.failNext("hang");
    const events: DiagnosticEvent[] = [];
    const sink = new BatchSink({
      exporter: createOtlpExporter({ url: rx.tracesUrl }),
      report: (e) => events.push(e),
    });
    sink.onEnd(span());
    await sink.flush(Date.now() + 300);
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]?.state).not.toBe("answered");
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(["export-failed"]));
  });
});

describe("BatchSink: the optional timer (long-running servers)", () => {
  test("exports on its own every scheduledDelayMs", async () => {
    const { exporter, batches } = recorder();
    const sink = new BatchSink({ exporter, scheduledDelayMs: 20 });
    sink.onEnd(span());
    await vi.waitFor(() => expect(batches.flat()).toHaveLength(1));
    await sink.shutdown();
  });

  test("exports as soon as a batch is full, without waiting for the delay", async () => {
    const { exporter, batches } = recorder();
    const sink = new BatchSink({ exporter, scheduledDelayMs: 60_000, maxExportBatchSize: 5 });
    for (let i = 0; i < 5; i++) sink.onEnd(span());
    await vi.waitFor(() => expect(batches.flat()).toHaveLength(5));
    await sink.shutdown();
  });

  test("no timer when scheduledDelayMs is 0 (Workers, Lambda): only flush exports", async () => {
    const { exporter, batches } = recorder();
    const sink = new BatchSink({ exporter, maxExportBatchSize: 1 });
    sink.onEnd(span());
    sink.onEnd(span());
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toEqual([]);
    await sink.flush();
    expect(batches.flat()).toHaveLength(2);
  });

  test("shutdown flushes and stops the timer", async () => {
    const { exporter, batches } = recorder();
    const sink = new BatchSink({ exporter, scheduledDelayMs: 10 });
    sink.onEnd(span());
    await sink.shutdown();
    expect(batches.flat()).toHaveLength(1);
    sink.onEnd(span());
    await new Promise((r) => setTimeout(r, 50));
    expect(batches.flat()).toHaveLength(1);
  });
});
