/**
 * Handler failures in real workerd: a handler that throws synchronously,
 * rejects, returns something that is not a Response, or returns a body
 * stream that errors after the response has started. What withTrace hands
 * workerd is the application's own value (checked by identity just outside
 * withTrace), workerd answers as it does for the untraced Worker, and the
 * exported span records what it can know.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import type { Mode } from "./fixtures/export-modes.js";
import { eventually } from "./support/responses.js";
import {
  expectNoError,
  expectRecordedError,
  inboundContext,
  serverSpanOf,
} from "./support/spans.js";
import { type HardeningWorkers, startHardeningWorkers, uncaught } from "./support/workerd.js";

let rx: OtlpReceiver;
let w: HardeningWorkers;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  w = await startHardeningWorkers(["bare", "otlp"], {
    otlp: rx.url,
    refused: rx.url,
    collector: rx.url,
    upstream: rx.url,
  });
});

afterAll(async () => {
  await w?.mf.dispose();
  await rx?.close();
});

/** Requests a route; reads the body, keeping a body error as the outcome. */
async function request(mode: Mode, route: string, traceparent?: string) {
  const headers: Record<string, string> = traceparent ? { traceparent } : {};
  // identity: Miniflare would otherwise gzip the body and hold chunks back.
  headers["accept-encoding"] = "identity";
  const response = await w.mf.dispatchFetch(w.url(mode, `/${route}`), { headers });
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    body = `body error: ${(error as Error).message}`;
  }
  return { status: response.status, body };
}

async function lastOutcome(mode: Mode, route: string) {
  const { outcomes } = await w.probe(mode);
  return outcomes.filter((o) => o.route === route).at(-1);
}

describe.each([
  { route: "throw", type: "ThrownError", message: "boom: thrown synchronously" },
  { route: "reject", type: "RejectedError", message: "boom: rejected" },
])("a handler that fails ($route)", ({ route, type, message }) => {
  it("reaches workerd as the very same error: 500 with its message, as untraced", async () => {
    const { traceId, traceparent } = inboundContext();
    const traced = await request("otlp", route, traceparent);
    const bare = await request("bare", route);
    expect(await lastOutcome("otlp", route)).toEqual({ route, outcome: "threw", same: true });
    expect(traced.status).toBe(500);
    expect(traced.status).toBe(bare.status);
    // Miniflare answers with the error as workerd reported it: its name and message.
    expect(traced.body.split("\n")[0]).toBe(`Error: ${type}: ${message}`);
    expect(bare.body.split("\n")[0]).toBe(`Error: ${type}: ${message}`);

    const span = await serverSpanOf(rx, traceId);
    expectRecordedError(span, { type, message });
    expect(span.attributes["http.response.status_code"]).toBe(500);
  });
});

describe.each(["non-response", "undefined"])("a handler that returns %s", (route) => {
  it("hands workerd that very value, which answers 500 as untraced; the span says why", async () => {
    const { traceId, traceparent } = inboundContext();
    const traced = await request("otlp", route, traceparent);
    const bare = await request("bare", route);
    expect(await lastOutcome("otlp", route)).toEqual({ route, outcome: "returned", same: true });
    expect(traced).toEqual(bare);
    expect(traced.status).toBe(500);
    expect(traced.body).toContain("did not resolve to 'Response'");

    const span = await serverSpanOf(rx, traceId);
    expectRecordedError(span, {
      type: "TypeError",
      message: "The handler did not return a Response",
    });
  });
});

describe("a body stream that errors mid-stream", () => {
  it("reaches workerd, which logs the error; the span ended at the response and records no error (gap)", async () => {
    const { traceId, traceparent } = inboundContext();
    const traced = await request("otlp", "midstream", traceparent);
    const bare = await request("bare", "midstream");
    expect(traced).toEqual(bare);
    expect(traced.status).toBe(200);
    // workerd reports the stream's error as uncaught, with its message, once per request:
    // with the whole suite's workerds busy, it may come after eventually()'s default 10 s.
    const logged = await eventually(
      () => {
        const lines = uncaught(w.output).filter((line) => line.includes("boom: mid-stream"));
        return lines.length >= 2 && lines;
      },
      "workerd to log the stream error",
      20_000,
    );
    expect(logged.length).toBe(2);

    // What the span can know: the handler returned a 200 Response; the body is
    // streamed after the span ended, and withTrace does not watch it.
    const span = await serverSpanOf(rx, traceId);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expectNoError(span);
  });
});
