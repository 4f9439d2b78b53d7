import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { b3Single } from "../../src/core/b3.js";
import { DEFAULT_PROPAGATORS } from "../../src/core/defaults.js";
import { awsXray } from "../../src/core/xray.js";
import { resolveExportConfig, resolveTracer } from "../../src/spans/config.js";
import type { DiagnosticEvent } from "../../src/spans/diagnostics.js";
import type { TraceOptions } from "../../src/spans/options.js";
import { runServerTrace, startServerTrace } from "../../src/spans/serve.js";
import type { FinishedSpan } from "../../src/spans/types.js";
import { collectingSink, recordingFetch } from "../support/collect.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

const INBOUND = {
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  tracestate: "vendor=abc",
  baggage: "user=alice",
};

/** A request handled the way the adapters do: server span, a child span, a client call. */
async function handle(options: TraceOptions, env: Record<string, unknown>, downstream?: string) {
  const tracer = resolveTracer(options, env);
  const request = new Request("https://shop.example/users/7", { headers: INBOUND });
  const trace = startServerTrace(tracer, "trust", request);
  await runServerTrace(trace, async () => {
    trace.span("load user", () => {});
    if (downstream) await trace.fetch(downstream, { method: "POST", body: "{}" });
    return new Response("ok");
  });
  await tracer.sink.flush(Date.now() + 5000);
  return { tracer, trace };
}

describe("resolveTracer: options and OTEL_* variables, end to end", () => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());
  beforeEach(() => rx.reset());

  test("OTEL_EXPORTER_OTLP_ENDPOINT: spans of a real request reach the collector, schema-valid", async () => {
    await handle({}, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SERVICE_NAME: "shop" });
    expect(rx.problems()).toEqual([]);
    const spans = rx.spans();
    const server = spans.find((s) => s.kind === 2);
    const child = spans.find((s) => s.name === "load user");
    expect(server).toMatchObject({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "00f067aa0ba902b7",
      traceState: "vendor=abc",
      flags: 0x301, // sampled (the caller set no random flag), parent known to be remote
      resource: { "service.name": "shop", "telemetry.sdk.language": "webjs" },
    });
    expect(child).toMatchObject({ parentSpanId: server?.spanId, flags: 0x101 });
  });

  test("the exporter sends no propagation headers, though the handler's own calls carry them", async () => {
    const propagators = [...DEFAULT_PROPAGATORS, b3Single, awsXray];
    await handle({ propagators }, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url }, `${rx.url}/downstream`);
    const downstream = rx.requests.find((r) => r.path === "/downstream");
    expect(downstream?.headers).toHaveProperty("traceparent");
    expect(downstream?.headers).toHaveProperty("baggage");
    const exports = rx.requests.filter((r) => r.path === "/v1/traces");
    expect(exports).toHaveLength(1);
    for (const name of ["traceparent", "tracestate", "baggage", "b3", "x-amzn-trace-id"]) {
      expect(exports[0]?.headers).not.toHaveProperty(name);
    }
    // …and the export request was not itself traced: only the handler's three spans.
    expect(
      rx
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(["GET", "POST", "load user"]);
  });

  test("headers from options and OTEL_EXPORTER_OTLP_HEADERS reach the collector; options win", async () => {
    await handle(
      { headers: { "x-team": "from-options" } },
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
        OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=s3cr%3Dt,x-team=from-env",
      },
    );
    expect(rx.requests[0]?.headers).toMatchObject({
      "x-api-key": "s3cr=t",
      "x-team": "from-options",
    });
  });

  test("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is; compression from env", async () => {
    await handle(
      {},
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: rx.tracesUrl, OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" },
    );
    expect(rx.requests.map((r) => [r.path, r.gzip])).toEqual([["/v1/traces", true]]);
    expect(rx.problems()).toEqual([]);
  });

  test("options win over env: endpoint, service name", async () => {
    await handle(
      { endpoint: rx.url, serviceName: "from-options" },
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1", OTEL_SERVICE_NAME: "from-env" },
    );
    expect(rx.spans()[0]?.resource["service.name"]).toBe("from-options");
  });

  test("exporter: 'none' in options beats an endpoint in env: nothing is sent", async () => {
    await handle({ exporter: "none" }, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url });
    expect(rx.requests).toEqual([]);
  });

  test("OTEL_SDK_DISABLED=true: nothing is sent, context still propagates", async () => {
    const { trace } = await handle(
      {},
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SDK_DISABLED: "true" },
    );
    expect(rx.requests).toEqual([]);
    expect(trace.headers().traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
  });
});

describe("resolveTracer: with nothing configured", () => {
  test("no endpoint and no exporter: propagation only, no network call at all", async () => {
    const net = recordingFetch();
    await handle({ fetch: net.fetch }, {});
    expect(net.calls).toEqual([]);
    expect(resolveExportConfig({}, {}).sink).toBeUndefined();
  });

  test("a custom export function receives the spans", async () => {
    const received: FinishedSpan[] = [];
    await handle({ exporter: async (spans) => void received.push(...spans) }, {});
    expect(received.map((s) => s.name).sort()).toEqual(["GET", "load user"]);
  });

  test("a user's own sink still wins over any exporter (what adapter tests use)", async () => {
    const sink = collectingSink();
    await handle({ sink, exporter: "console" }, {});
    expect(sink.spans).toHaveLength(2);
    expect(sink.flushes).toBe(1);
  });

  test("a rejecting custom exporter never reaches the handler; onError hears of it", async () => {
    const events: DiagnosticEvent[] = [];
    const boom = new Error("boom");
    await handle({ exporter: () => Promise.reject(boom), onError: (e) => events.push(e) }, {});
    expect(events).toEqual([{ type: "export-failed", spanCount: 2, error: boom }]);
  });
});

describe("resolveTracer: caching (adapters call it per request)", () => {
  test("same options and env object: the same tracer, without re-reading anything", () => {
    const options = {};
    const env = { OTEL_SERVICE_NAME: "a" };
    expect(resolveTracer(options, env)).toBe(resolveTracer(options, env));
    expect(resolveTracer(options, env)).not.toBe(resolveTracer(options, { ...env }));
    expect(resolveTracer(options)).toBe(resolveTracer(options));
  });

  test("a config function runs once per env object", () => {
    let calls = 0;
    const config = (env: Record<string, unknown>): TraceOptions => {
      calls++;
      return { serviceName: String(env.NAME) };
    };
    const env = { NAME: "x" };
    const first = resolveTracer(config, env);
    expect(resolveTracer(config, env)).toBe(first);
    expect(calls).toBe(1);
    resolveTracer(config, { NAME: "y" });
    expect(calls).toBe(2);
  });

  test("the runtime hint is part of the key", () => {
    const options = {};
    const env = {};
    const timer = resolveTracer(options, env, { timer: true });
    expect(resolveTracer(options, env, { timer: false })).not.toBe(timer);
    expect(resolveTracer(options, env, { timer: true })).toBe(timer);
  });

  test("a throwing config function gives a propagation-only tracer, not a thrown error", () => {
    const tracer = resolveTracer(() => {
      throw new Error("bad config");
    }, {});
    expect(
      tracer.startTrace({ name: "x", kind: "server", inbound: { links: [], baggage: new Map() } })
        .traceId,
    ).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("resolveExportConfig", () => {
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };

  test("endpoint option: /v1/traces appended unless already there", () => {
    expect(resolveExportConfig({ endpoint: "http://c:4318" }).url).toBe("http://c:4318/v1/traces");
    expect(resolveExportConfig({ endpoint: "http://c/v1/traces" }).url).toBe("http://c/v1/traces");
  });

  test("exporter 'otlp' with no endpoint uses the OTLP default", () => {
    expect(resolveExportConfig({ exporter: "otlp" }).url).toBe("http://localhost:4318/v1/traces");
  });

  test("OTEL_TRACES_EXPORTER lists exporters; 'none' turns export off", () => {
    expect(
      resolveExportConfig({}, { ...otlp, OTEL_TRACES_EXPORTER: "otlp,console" }).exporters,
    ).toEqual(["otlp", "console"]);
    expect(resolveExportConfig({}, { ...otlp, OTEL_TRACES_EXPORTER: "none" }).sink).toBeUndefined();
    expect(resolveExportConfig({}, { OTEL_TRACES_EXPORTER: "console" }).exporters).toEqual([
      "console",
    ]);
  });

  test("timer: off unless asked; the adapter's hint decides, options set the period", () => {
    expect(resolveExportConfig({}, otlp).scheduledDelayMs).toBe(0);
    expect(resolveExportConfig({}, otlp, { timer: true }).scheduledDelayMs).toBe(5000);
    expect(
      resolveExportConfig({}, { ...otlp, OTEL_BSP_SCHEDULE_DELAY: "250" }, { timer: true })
        .scheduledDelayMs,
    ).toBe(250);
    expect(
      resolveExportConfig({ scheduledDelayMs: 100 }, otlp, { timer: true }).scheduledDelayMs,
    ).toBe(100);
    expect(
      resolveExportConfig({ scheduledDelayMs: 100 }, otlp, { timer: false }).scheduledDelayMs,
    ).toBe(0);
    expect(resolveExportConfig({ scheduledDelayMs: 100 }, otlp).scheduledDelayMs).toBe(100);
  });

  test("an invalid endpoint option is reported and the env one used", () => {
    const events: DiagnosticEvent[] = [];
    const resolved = resolveExportConfig(
      { endpoint: "nope", onError: (e) => events.push(e) },
      otlp,
    );
    expect(resolved.url).toBe("http://collector:4318/v1/traces");
    expect(events).toEqual([expect.objectContaining({ type: "invalid-config", key: "endpoint" })]);
  });

  test("options.sampler wins over OTEL_TRACES_SAMPLER", () => {
    const mine = () => true;
    expect(
      resolveExportConfig({ sampler: mine }, { OTEL_TRACES_SAMPLER: "always_off" }).sampler,
    ).toBe(mine);
  });
});
