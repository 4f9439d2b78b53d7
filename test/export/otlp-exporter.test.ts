import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import type { ExportContext } from "../../src/export/export-function.js";
import {
  backoffMs,
  createOtlpExporter,
  DEFAULT_RETRY_POLICY,
  OtlpExportError,
  type OtlpExporterOptions,
  parseRetryAfter,
} from "../../src/export/otlp-exporter.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

const SPAN: FinishedSpan = finishedSpan({ endTime: Date.now() + 1, attributes: { n: 1 } });

/** Fast, deterministic retries: 10 ms, 20 ms, 40 ms… with no jitter below the half. */
const FAST: Partial<OtlpExporterOptions> = { retry: { initialBackoffMs: 10 }, random: () => 0 };

function context(budgetMs = 5000, signal = new AbortController().signal): ExportContext {
  return { deadline: Date.now() + budgetMs, signal, resource: { "service.name": "test" } };
}

async function failure(promise: Promise<unknown>): Promise<OtlpExportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OtlpExportError);
  return error as OtlpExportError;
}

describe("OTLP exporter against a real receiver", () => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());
  beforeEach(() => rx.reset());

  test("POSTs valid OTLP JSON to the traces URL with our content type and user agent", async () => {
    await createOtlpExporter({ url: rx.tracesUrl })([SPAN], context());
    expect(rx.problems()).toEqual([]);
    const [request] = rx.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/traces", gzip: false, status: 200 });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toMatch(/^edge-trace\//);
    expect(rx.spans().map((s) => s.name)).toEqual(["work"]);
  });

  test("retries a 429, honouring Retry-After, and succeeds within the budget", async () => {
    rx.failNext(429, { retryAfter: "0" });
    await createOtlpExporter({ url: rx.tracesUrl, ...FAST })([SPAN], context());
    expect(rx.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(rx.requests[0]?.body).toEqual(rx.requests[1]?.body);
  });

  test("retries 502, 503 and 504 with backoff", async () => {
    rx.failNext(502);
    rx.failNext(503);
    rx.failNext(504);
    await createOtlpExporter({ url: rx.tracesUrl, ...FAST })([SPAN], context());
    expect(rx.requests.map((r) => r.status)).toEqual([502, 503, 504, 200]);
  });

  test("does not retry a 500 (or any other failure status)", async () => {
    rx.failNext(500);
    const error = await failure(
      createOtlpExporter({ url: rx.tracesUrl, ...FAST })([SPAN], context()),
    );
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(1);
    expect(rx.requests).toHaveLength(1);
  });

  test("gives up at once when Retry-After does not fit before the deadline", async () => {
    rx.failNext(503, { retryAfter: "60" });
    const error = await failure(createOtlpExporter({ url: rx.tracesUrl })([SPAN], context(2000)));
    expect(error.status).toBe(503);
    expect(rx.requests).toHaveLength(1);
  });

  test("stops after maxAttempts", async () => {
    rx.failNext(503, { times: 10 });
    const exporter = createOtlpExporter({
      url: rx.tracesUrl,
      ...FAST,
      retry: { initialBackoffMs: 1, maxAttempts: 3 },
    });
    expect((await failure(exporter([SPAN], context()))).attempts).toBe(3);
    expect(rx.requests).toHaveLength(3);
  });

  test("a collector that never answers: the export ends at the deadline, the request still hanging", async () => {
    rx.failNext("hang");
    const error = await failure(createOtlpExporter({ url: rx.tracesUrl })([SPAN], context(300)));
    expect(error.message).toMatch(/deadline/i);
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]?.state).not.toBe("answered");
  });

  test("timeoutMs caps one batch even when the flush deadline is far away", async () => {
    rx.failNext("hang");
    const farDeadline = context(60_000);
    const exporter = createOtlpExporter({ url: rx.tracesUrl, timeoutMs: 200 });
    const error = await failure(exporter([SPAN], farDeadline));
    expect(error.message).toMatch(/deadline/i);
    expect(Date.now()).toBeLessThan(farDeadline.deadline);
  });

  test("the caller's abort signal aborts the request", async () => {
    rx.failNext("hang");
    const controller = new AbortController();
    const exported = createOtlpExporter({ url: rx.tracesUrl })(
      [SPAN],
      context(60_000, controller.signal),
    );
    await rx.waitForRequests(1);
    controller.abort();
    await failure(exported);
  });

  test("a dropped connection is a network error and is retried", async () => {
    rx.failNext("reset");
    await createOtlpExporter({ url: rx.tracesUrl, ...FAST })([SPAN], context());
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1]?.status).toBe(200);
  });

  test("gzip: Content-Encoding is set and the receiver decodes a valid body", async () => {
    await createOtlpExporter({ url: rx.tracesUrl, compression: "gzip" })([SPAN], context());
    expect(rx.requests[0]?.gzip).toBe(true);
    expect(rx.problems()).toEqual([]);
    expect(rx.spans()).toHaveLength(1);
  });

  test("configured headers reach the collector; bad ones are reported and left out", async () => {
    const events: DiagnosticEvent[] = [];
    const exporter = createOtlpExporter({
      url: rx.tracesUrl,
      headers: { "x-api-key": "k1", authorization: "Bearer t", "bad name": "x" },
      report: (e) => events.push(e),
    });
    await exporter([SPAN], context());
    expect(rx.requests[0]?.headers).toMatchObject({ "x-api-key": "k1", authorization: "Bearer t" });
    expect(events).toEqual([
      expect.objectContaining({ type: "invalid-config", key: "headers.bad name" }),
    ]);
  });

  test("a partial success is reported, not retried", async () => {
    const events: DiagnosticEvent[] = [];
    rx.failNext(200, { body: '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"too old"}}' });
    await createOtlpExporter({ url: rx.tracesUrl, report: (e) => events.push(e) })(
      [SPAN],
      context(),
    );
    expect(events).toEqual([{ type: "export-partial", rejectedSpans: 1, message: "too old" }]);
    expect(rx.requests).toHaveLength(1);
  });

  test("a 200 whose body never ends still counts as delivered, by the deadline", async () => {
    rx.failNext("slow-body");
    await createOtlpExporter({ url: rx.tracesUrl })([SPAN], context(300));
    expect(rx.requests).toHaveLength(1);
  });

  test("an empty batch sends nothing", async () => {
    await createOtlpExporter({ url: rx.tracesUrl })([], context());
    expect(rx.requests).toHaveLength(0);
  });
});

describe("OTLP exporter with the collector down", () => {
  test("connection refused is retried with backoff, then fails with the network error", async () => {
    const url = `${await closedPortUrl()}/v1/traces`;
    const exporter = createOtlpExporter({
      url,
      ...FAST,
      retry: { initialBackoffMs: 5, maxAttempts: 3 },
    });
    const error = await failure(exporter([SPAN], context()));
    expect(error.message).toMatch(/network/i);
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeDefined();
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  test.each([
    ["0", 0],
    ["3", 3000],
    [" 120 ", 120_000],
    ["Wed, 01 Jan 2025 00:00:05 GMT", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["1.5", undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  test("absent", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  test("doubles from the initial backoff, capped, with jitter in the upper half", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0.999_999))).toEqual(
      [100, 200, 400, 800, 1000].map((v) => expect.closeTo(v, 2)),
    );
  });
});

describe("the retry loop, with a scripted fetch", () => {
  /** A fetch that answers each call after `delayMs` with `status`, `Retry-After` and a body. */
  function scripted(answer: {
    status: number;
    retryAfter?: string;
    body?: string;
    delayMs?: number;
  }) {
    const calls: number[] = [];
    const fetcher = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(Date.now());
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      init?.signal?.throwIfAborted();
      const headers: Record<string, string> = answer.retryAfter
        ? { "retry-after": answer.retryAfter }
        : {};
      return new Response(answer.body ?? "", { status: answer.status, headers });
    }) as typeof fetch;
    return { calls, fetch: fetcher };
  }

  test("never starts an attempt whose wait plus the last attempt's duration overruns the deadline", async () => {
    // Each attempt takes 300 ms, with no wait between them. At 300 ms another
    // attempt fits (ends at 600 < 800); at 600 the next one would end at 900.
    const net = scripted({ status: 503, retryAfter: "0", delayMs: 300 });
    const error = await failure(
      createOtlpExporter({ url: "http://collector.test/v1/traces", fetch: net.fetch })(
        [SPAN],
        context(800),
      ),
    );
    expect(net.calls).toHaveLength(2);
    expect(error.attempts).toBe(2);
  });

  test("a non-retryable result ends it at once", async () => {
    const net = scripted({ status: 400, body: "bad request" });
    const exported = createOtlpExporter({
      url: "http://collector.test/v1/traces",
      fetch: net.fetch,
    })([SPAN], context());
    await expect(exported).rejects.toThrow("bad request");
    expect(net.calls).toHaveLength(1);
  });

  test("an abort during the backoff ends it with the last error", async () => {
    const controller = new AbortController();
    const net = scripted({ status: 503, retryAfter: "59", body: "busy" });
    const started = Date.now();
    const exported = createOtlpExporter({
      url: "http://collector.test/v1/traces",
      fetch: net.fetch,
    })([SPAN], context(60_000, controller.signal));
    setTimeout(() => controller.abort(), 10);
    await expect(exported).rejects.toThrow("busy");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("succeeds on the third attempt", async () => {
    let n = 0;
    const fetcher = (async () =>
      new Response("", {
        status: ++n < 3 ? 503 : 200,
        headers: { "retry-after": "0" },
      })) as typeof fetch;
    await createOtlpExporter({ url: "http://collector.test/v1/traces", fetch: fetcher })(
      [SPAN],
      context(),
    );
    expect(n).toBe(3);
  });
});
