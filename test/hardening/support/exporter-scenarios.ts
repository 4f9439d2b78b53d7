/**
 * The exporter failure matrix, written once and run in workerd, Deno and
 * Bun. For each way an export can fail, the response is byte-identical to
 * the one with export off, it is complete while the export is still
 * unsettled (the collector or the test holds the export), no unhandled
 * rejection or uncaught error appears, the handler keeps serving, and
 * `onError` is told.
 */
import { describe, expect, it } from "vitest";
import type { OtlpReceiver } from "../../support/otlp-receiver.js";
import type { Collector } from "../../workers/harness.js";
import type { Mode } from "../fixtures/export-modes.js";
import type { DiagnosticRecord, ProbeReport } from "../fixtures/probe.js";
import { eventually, type ResponseSnapshot } from "./responses.js";

/** The modes the matrix uses. */
export const MATRIX_MODES: Mode[] = ["bare", "off", "otlp", "refused", "throws", "rejects", "held"];

/** A context the callee can check: it must never reach the collector. */
export const INBOUND = {
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  baggage: "tenant=acme",
};

/** What the matrix needs from a runtime; getters, because servers start in `beforeAll`. */
export interface ExporterSetup {
  rx(): OtlpReceiver;
  collector(): Collector;
  /** `GET /ok` (with `INBOUND` headers) from a mode's handler, read completely. */
  ok(mode: Mode, query?: string): Promise<ResponseSnapshot>;
  /** What the mode's handler observed (its own isolate, or the shared process). */
  probe(mode: Mode): Promise<ProbeReport>;
  /** Leaves a rejection unhandled in the mode's runtime, to show the probe sees one. */
  provokeUnhandled(mode: Mode): Promise<void>;
  /** Runtime log lines reporting uncaught errors or unhandled rejections. */
  uncaught(): string[];
}

/** Defines the matrix's tests. */
export function exporterFailureScenarios(setup: ExporterSetup): void {
  const diagnosticsAfter = async (mode: Mode, from: number): Promise<DiagnosticRecord[]> =>
    (await setup.probe(mode)).diagnostics.filter((d) => d.mode === mode).slice(from);
  const count = async (mode: Mode) => (await diagnosticsAfter(mode, 0)).length;
  const failureReported = (mode: Mode, from: number): Promise<DiagnosticRecord> =>
    eventually(async () => {
      const found = await diagnosticsAfter(mode, from);
      return found.find((d) => d.type === "export-failed");
    }, `${mode}: export-failed`);
  let baseline: ResponseSnapshot;

  it("answers with export off exactly as the untraced application does", async () => {
    baseline = await setup.ok("off");
    expect(baseline).toEqual(await setup.ok("bare"));
    expect(baseline.status).toBe(203);
    expect(baseline.headers).toContainEqual(["x-app", "kept"]);
  });

  describe("the real OTLP exporter towards a collector that fails", () => {
    const cases = [
      {
        name: "never answers",
        script: (rx: OtlpReceiver) => rx.failNext("hang"),
        failure: { message: "Export deadline passed" },
        attempts: 1,
      },
      {
        name: "answers 500 (late)",
        script: (rx: OtlpReceiver) => rx.failNext(500, { delayMs: 500 }),
        failure: { status: 500 },
        attempts: 1,
      },
      {
        name: "answers 429 with Retry-After (late, every time)",
        script: (rx: OtlpReceiver) => rx.failNext(429, { retryAfter: "0", delayMs: 400, times: 5 }),
        failure: { status: 429 },
        // Retried once after Retry-After: 0; a third 400 ms attempt would not fit the 1 s budget.
        attempts: 2,
      },
    ];
    for (const { name, script, failure, attempts } of cases) {
      it(`${name}: same response, complete before the export settles, onError told`, async () => {
        const rx = setup.rx();
        rx.reset();
        const before = await count("otlp");
        script(rx);
        expect(await setup.ok("otlp")).toEqual(baseline);
        // The client has every byte; the collector has the export and has not answered it.
        await rx.waitForRequests(1);
        expect(rx.requests[0]?.state).toBe("pending");
        const reported = await failureReported("otlp", before);
        expect(reported).toMatchObject({ spanCount: 1, error: failure });
        expect(rx.requests).toHaveLength(attempts);
        rx.reset();
      });
    }

    it("sends 200 and headers, never the body: same response, the export gives up at its deadline", async () => {
      const rx = setup.rx();
      rx.reset();
      const before = await count("otlp");
      rx.failNext("slow-body");
      expect(await setup.ok("otlp")).toEqual(baseline);
      await rx.waitForRequests(1);
      expect(rx.requests[0]).toMatchObject({ state: "pending", status: 200 });
      // The exporter stopped reading at its 1 s deadline and closed the connection…
      await eventually(() => rx.requests[0]?.state === "aborted", "the exporter to give up");
      // …and a 200 is the collector's acceptance: the unread body is not an export failure.
      expect(await diagnosticsAfter("otlp", before)).toEqual([]);
      rx.reset();
    });

    it("never sends the request's propagation headers to the collector", async () => {
      const rx = setup.rx();
      rx.reset();
      expect(await setup.ok("otlp")).toEqual(baseline);
      await rx.waitForSpans(1);
      for (const request of rx.requests) {
        expect(request.headers).not.toHaveProperty("traceparent");
        expect(request.headers).not.toHaveProperty("tracestate");
        expect(request.headers).not.toHaveProperty("baggage");
      }
      // It did export this request's span, as a child of the inbound context.
      expect(rx.spans()[0]).toMatchObject({
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        parentSpanId: "00f067aa0ba902b7",
      });
      expect(rx.problems()).toEqual([]);
      rx.reset();
    });
  });

  it("connection refused: same response, before the retries end, onError told", async () => {
    const before = await count("refused");
    expect(await setup.ok("refused")).toEqual(baseline);
    // Retries with backoff (≥ 1.9 s in all) are still going on: nothing reported yet.
    expect(await diagnosticsAfter("refused", before)).toEqual([]);
    const failed = await failureReported("refused", before);
    expect(failed.error?.message).toBe("Network error");
  });

  describe("custom exporters", () => {
    it("one that throws synchronously: same response, onError gets its very error", async () => {
      const before = await count("throws");
      expect(await setup.ok("throws")).toEqual(baseline);
      const failed = await failureReported("throws", before);
      expect(failed).toMatchObject({ spanCount: 1, error: { same: "exporterThrew" } });
    });

    it("one that rejects: same response, onError gets its very error", async () => {
      const before = await count("rejects");
      expect(await setup.ok("rejects")).toEqual(baseline);
      const failed = await failureReported("rejects", before);
      expect(failed).toMatchObject({ spanCount: 1, error: { same: "exporterRejected" } });
    });

    it("one the test holds: the response is complete before the export is released", async () => {
      const collector = setup.collector();
      const key = `held${Date.now()}`;
      expect(await setup.ok("held", `?key=${key}`)).toEqual(baseline);
      const seen = (name: string) =>
        collector.log.some((e) => e.type === "event" && e.name === `${name}-${key}`);
      await eventually(() => seen("export-start"), "the export to start");
      expect(seen("export-end")).toBe(false);
      collector.release(key);
      await eventually(() => seen("export-end"), "the export to end");
    });
  });

  it("afterwards: no unhandled rejection, no uncaught error, and every handler still serves", async () => {
    for (const mode of MATRIX_MODES) {
      expect(await setup.ok(mode, "?again")).toEqual(baseline);
      const report = await setup.probe(mode);
      expect({ mode, unhandled: report.unhandledReasons }).toEqual({ mode, unhandled: [] });
    }
    expect(setup.uncaught()).toEqual([]);
    // The probe does see one when there is one.
    await setup.provokeUnhandled("bare");
    await eventually(async () => (await setup.probe("bare")).unhandled === 1, "the probe to count");
  });
}
