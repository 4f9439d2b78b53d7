/**
 * OTLP/HTTP protobuf end to end in Node (the fetch adapter and Hono) to a
 * real receiver that decodes with the official schema: the protocol from
 * the option and from each variable, gzip, the answers (partial success
 * and google.rpc.Status) reported to onError, `sign` over the final body,
 * and `edge-trace/otlp` refusing protobuf at start with a one-line
 * diagnostic instead of sending JSON.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specify-protocol
 */
import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTrace } from "../../src/fetch.js";
import { tracing } from "../../src/hono.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { type DiagnosticEvent, otlp as otlpJson } from "../../src/otlp.js";
import { type OtlpOptions, otlp } from "../../src/otlp-protobuf.js";
import type { EnvRecord } from "../../src/trace/env-record.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx.close());

const quiet = { flushOnExit: false } as const;

/** A fetch handler that logs once and calls nothing, exporting with `exporter`. */
function handlerWith(exporter: ReturnType<typeof otlp>, env?: EnvRecord) {
  const handler = withTrace(
    (_request: Request, _info: unknown, trace) => {
      trace.log.info("served", { n: -5, big: 2 ** 60 });
      return new Response("ok");
    },
    { ...quiet, logWriter: () => {}, exporter, ...(env ? { env } : {}) },
  );
  return handler;
}

async function serveOnce(options: OtlpOptions, env?: EnvRecord): Promise<DiagnosticEvent[]> {
  const events: DiagnosticEvent[] = [];
  const handler = handlerWith(
    otlp({ endpoint: rx.url, onError: (e) => events.push(e), ...options }),
    env,
  );
  await handler(new Request("http://shop.test/items?id=1"), undefined);
  await handler.flush();
  return events;
}

describe("edge-trace/otlp-protobuf", () => {
  it("protocol: http/protobuf sends application/x-protobuf that the official schema decodes", async () => {
    const events = await serveOnce({ protocol: "http/protobuf" });
    expect(events).toEqual([]);
    expect(rx.problems()).toEqual([]);
    expect(rx.requests.map((r) => [r.path, r.headers["content-type"]])).toEqual([
      ["/v1/traces", "application/x-protobuf"],
    ]);
    expect(rx.spans()).toHaveLength(1);
    expect(rx.spans()[0]).toMatchObject({ kind: 2, attributes: { "url.path": "/items" } });
    expect(rx.spans()[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("sends JSON by default (no option, no variable)", async () => {
    await serveOnce({});
    expect(rx.requests.map((r) => r.headers["content-type"])).toEqual(["application/json"]);
    expect(rx.spans()).toHaveLength(1);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" }, "application/x-protobuf"],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" }, "application/x-protobuf"],
    [
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      },
      "application/json",
    ],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "application/json"],
  ])("the variables choose (%j → %s)", async (env, type) => {
    await serveOnce({}, env);
    expect(rx.requests.map((r) => r.headers["content-type"])).toEqual([type]);
    expect(rx.problems()).toEqual([]);
  });

  it("the option wins over the variable", async () => {
    await serveOnce({ protocol: "http/json" }, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" });
    expect(rx.requests.map((r) => r.headers["content-type"])).toEqual(["application/json"]);
  });

  it("gzips the protobuf body (Content-Encoding: gzip)", async () => {
    await serveOnce({ protocol: "http/protobuf", compression: "gzip" });
    expect(rx.requests[0]).toMatchObject({ gzip: true, protobuf: true, problems: [] });
    expect(rx.spans()).toHaveLength(1);
  });

  it("logs and metrics go as protobuf too, per-signal variables included", async () => {
    const events: DiagnosticEvent[] = [];
    const exporter = otlp({
      endpoint: rx.url,
      logs: otlpLogs(),
      metrics: httpMetrics(),
      onError: (e) => events.push(e),
    });
    const handler = handlerWith(exporter, { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http/protobuf" });
    await handler(new Request("http://shop.test/a"), undefined);
    await handler.flush();
    expect(events).toEqual([]);
    expect(rx.problems()).toEqual([]);
    const types = Object.fromEntries(rx.requests.map((r) => [r.path, r.headers["content-type"]]));
    expect(types).toEqual({
      "/v1/traces": "application/json",
      "/v1/logs": "application/x-protobuf",
      "/v1/metrics": "application/json",
    });
    expect(rx.logs()).toMatchObject([{ body: "served", attributes: { n: -5, big: 2 ** 60 } }]);

    rx.reset();
    const all = handlerWith(
      otlp({
        endpoint: rx.url,
        protocol: "http/protobuf",
        logs: otlpLogs(),
        metrics: httpMetrics(),
      }),
    );
    await all(new Request("http://shop.test/a"), undefined);
    await all.flush();
    expect(rx.problems()).toEqual([]);
    expect(rx.requests.every((r) => r.protobuf)).toBe(true);
    expect([rx.spans().length, rx.logs().length, rx.points().length]).toEqual([1, 1, 1]);
    expect(rx.points()[0]).toMatchObject({ name: "http.server.request.duration", count: 1 });
  });

  it("Hono's tracing() exports protobuf", async () => {
    const app = new Hono();
    const middleware = tracing({
      exporter: otlp({ endpoint: rx.url, protocol: "http/protobuf" }),
      ...quiet,
    });
    app.use(middleware);
    app.get("/hello/:name", (c) => c.text("hi"));
    const response = await app.request("/hello/ann");
    expect(await response.text()).toBe("hi");
    await middleware.flush();
    expect(rx.problems()).toEqual([]);
    expect(rx.requests.map((r) => r.protobuf)).toEqual([true]);
    expect(rx.spans()[0]).toMatchObject({ name: "GET /hello/:name" });
  });
});

describe("answers, in protobuf, reported to onError (OTLP/HTTP response)", () => {
  it("a partial success (ExportTracePartialSuccess) → export-partial with count and message", async () => {
    rx.failNext(200, { partial: { rejected: 3, message: "too old" } });
    const events = await serveOnce({ protocol: "http/protobuf" });
    expect(events).toEqual([{ type: "export-partial", rejectedSpans: 3, message: "too old" }]);
  });

  it("a 400's google.rpc.Status message is the export error's message", async () => {
    rx.failNext(400, { partial: { message: "bad span" } });
    const events = await serveOnce({ protocol: "http/protobuf" });
    expect(events).toMatchObject([{ type: "export-failed", spanCount: 1 }]);
    const error = (events[0] as { error: Error & { status: number } }).error;
    expect([error.status, error.message]).toEqual([400, "HTTP 400 bad span"]);
  });

  it("logs and metrics: partial successes in either encoding → signal-partial", async () => {
    for (const protocol of ["http/protobuf", "http/json"] as const) {
      rx.reset();
      const events: DiagnosticEvent[] = [];
      const handler = handlerWith(
        otlp({ endpoint: rx.url, protocol, logs: otlpLogs(), onError: (e) => events.push(e) }),
      );
      await handler(new Request("http://shop.test/a"), undefined);
      // Spans and logs flush together: the first two answers cover both.
      rx.failNext(200, { partial: { rejected: 1, message: "dropped" }, times: 2 });
      await handler.flush();
      expect(events).toContainEqual({
        type: "signal-partial",
        signal: "logs",
        rejected: 1,
        message: "dropped",
      });
    }
  });
});

describe("sign: called on every request after the body is final", () => {
  it("sees the gzipped protobuf body, and what it returns is what is sent", async () => {
    const seen: { type: string | null; encoding: string | null; body: Uint8Array }[] = [];
    await serveOnce({
      protocol: "http/protobuf",
      compression: "gzip",
      async sign(request) {
        const body = new Uint8Array(await request.clone().arrayBuffer());
        seen.push({
          type: request.headers.get("content-type"),
          encoding: request.headers.get("content-encoding"),
          body,
        });
        const headers = new Headers(request.headers);
        headers.set("x-signature", `len=${body.length}`);
        return new Request(request, { headers });
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: "application/x-protobuf", encoding: "gzip" });
    const sent = rx.requests[0]!;
    expect(sent.headers["x-signature"]).toBe(`len=${seen[0]!.body.length}`);
    // The signed bytes are exactly the bytes that arrived.
    expect(gunzipSync(seen[0]!.body)).toEqual(sent.bytes);
    expect(rx.spans()).toHaveLength(1);
  });

  it("a sign that throws or rejects drops the batch, reported; the request is untouched", async () => {
    for (const sign of [
      () => {
        throw new Error("no credentials");
      },
      () => Promise.reject(new Error("no credentials")),
    ]) {
      rx.reset();
      const events: DiagnosticEvent[] = [];
      const handler = handlerWith(
        otlp({ endpoint: rx.url, sign, onError: (e) => events.push(e), timeoutMs: 300 }),
      );
      const response = await handler(new Request("http://shop.test/a"), undefined);
      expect(await response.text()).toBe("ok");
      await handler.flush();
      expect(rx.requests).toHaveLength(0);
      expect(events).toMatchObject([{ type: "export-failed", spanCount: 1 }]);
      const error = (events[0] as { error: Error }).error;
      expect((error.cause as Error).message).toBe("no credentials");
    }
  });
});

describe("edge-trace/otlp (JSON only) asked for protobuf", () => {
  it.each([
    ["the option", { protocol: "http/protobuf" as const }, {}],
    ["OTEL_EXPORTER_OTLP_PROTOCOL", {}, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" }],
    [
      "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
      {},
      { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" },
    ],
  ])("(%s) exports nothing and says, once, which import to add", async (_, options, env) => {
    const events: DiagnosticEvent[] = [];
    const handler = handlerWith(
      otlpJson({ endpoint: rx.url, onError: (e) => events.push(e), ...options }),
      env,
    );
    await handler(new Request("http://shop.test/a"), undefined);
    await handler(new Request("http://shop.test/b"), undefined);
    await handler.flush();
    expect(rx.requests).toHaveLength(0);
    expect(events).toEqual([
      {
        type: "invalid-config",
        key: "protocol",
        message: expect.stringContaining('"edge-trace/otlp-protobuf"'),
      },
    ]);
    expect((events[0] as { message: string }).message).not.toContain("\n");
  });

  it("a signal whose own variable asks for protobuf is off; the others are sent as JSON", async () => {
    const events: DiagnosticEvent[] = [];
    const handler = handlerWith(
      otlpJson({
        endpoint: rx.url,
        logs: otlpLogs(),
        metrics: httpMetrics(),
        onError: (e) => events.push(e),
      }),
      { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http/protobuf" },
    );
    await handler(new Request("http://shop.test/a"), undefined);
    await handler.flush();
    expect(rx.requests.map((r) => r.path).sort()).toEqual(["/v1/metrics", "/v1/traces"]);
    expect(rx.requests.every((r) => !r.protobuf)).toBe(true);
    expect(events).toMatchObject([{ type: "invalid-config", key: "protocol" }]);
  });
});
