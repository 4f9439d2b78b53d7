import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_PROPAGATORS } from "../../src/core/defaults.js";
import { b3Single } from "../../src/core/vendor/b3.js";
import { awsXray } from "../../src/core/vendor/xray.js";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import { readEnvConfig } from "../../src/export/env-config.js";
import { endpointUrl } from "../../src/export/otlp-url.js";
import { type ExportOptions, timerDelay } from "../../src/export/recorder-setup.js";
import { exportSpans } from "../../src/export.js";
import { otlp } from "../../src/otlp.js";
import { runServerTrace, startServerTrace } from "../../src/server/server-span.js";
import { resolveTracer } from "../../src/trace/resolve-tracer.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import type { TraceOptions } from "../../src/trace/trace-options.js";
import { recordingFetch } from "../support/collect.js";
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
  const response = await runServerTrace(tracer, trace, async () => {
    trace.span("load user", () => {});
    if (downstream) await trace.fetch(downstream, { method: "POST", body: "{}" });
    return new Response("ok");
  });
  // Sent, as a runtime would: the server span ends with its body.
  await response.text();
  await tracer.recorder?.sink.flush(Date.now() + 5000);
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
    await handle(
      { exporter: otlp() },
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SERVICE_NAME: "shop" },
    );
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
    await handle(
      { propagators, exporter: otlp() },
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url },
      `${rx.url}/downstream`,
    );
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
      { exporter: otlp({ headers: { "x-team": "from-options" } }) },
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
      { exporter: otlp() },
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: rx.tracesUrl, OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" },
    );
    expect(rx.requests.map((r) => [r.path, r.gzip])).toEqual([["/v1/traces", true]]);
    expect(rx.problems()).toEqual([]);
  });

  test("options win over env: endpoint, service name", async () => {
    await handle(
      { exporter: otlp({ endpoint: rx.url, serviceName: "from-options" }) },
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1", OTEL_SERVICE_NAME: "from-env" },
    );
    expect(rx.spans()[0]?.resource["service.name"]).toBe("from-options");
  });

  test("no exporter in options: an endpoint in env sends nothing", async () => {
    await handle({}, { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url });
    expect(rx.requests).toEqual([]);
  });

  test("OTEL_SDK_DISABLED=true: nothing is sent, context still propagates", async () => {
    const { trace, tracer } = await handle(
      { exporter: otlp() },
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SDK_DISABLED: "true" },
    );
    expect(rx.requests).toEqual([]);
    expect(tracer.recorder).toBeUndefined();
    expect(trace.headers().traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
  });

  test("disabled: false in options wins over OTEL_SDK_DISABLED; disabled: true over nothing", async () => {
    await handle(
      { exporter: otlp({ disabled: false }) },
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SDK_DISABLED: "true" },
    );
    expect(rx.requests).toHaveLength(1);
    const { tracer } = await handle({ exporter: otlp({ disabled: true }) }, {});
    expect(tracer.recorder).toBeUndefined();
  });
});

describe("resolveTracer: with nothing configured", () => {
  test("no endpoint and no exporter: propagation only, no network call at all", async () => {
    const net = recordingFetch();
    await handle({ fetch: net.fetch }, {});
    expect(net.calls).toEqual([]);
    expect(resolveTracer({}, {}).recorder).toBeUndefined();
  });

  test("a custom export function receives the spans", async () => {
    const received: FinishedSpan[] = [];
    await handle({ exporter: exportSpans(async (spans) => void received.push(...spans)) }, {});
    expect(received.map((s) => s.name).sort()).toEqual(["GET", "load user"]);
  });

  test("a rejecting custom exporter never reaches the handler; onError hears of it", async () => {
    const events: DiagnosticEvent[] = [];
    const boom = new Error("boom");
    const exporter = exportSpans(() => Promise.reject(boom), { onError: (e) => events.push(e) });
    await handle({ exporter }, {});
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
      return { exporter: otlp({ serviceName: String(env.NAME) }) };
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

describe("otlp() and the export options", () => {
  const otlpEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
  const ignore = () => {};

  /** The URL otlp() sends to, with these options and variables. */
  async function sentTo(options: Parameters<typeof otlp>[0], env: Record<string, unknown>) {
    const net = recordingFetch();
    const tracer = resolveTracer({ exporter: otlp({ ...options, fetch: net.fetch }) }, env);
    tracer
      .startTrace({ name: "x", kind: "server", inbound: { links: [], baggage: new Map() } })
      .end();
    await tracer.recorder?.sink.flush(Date.now() + 5000);
    return net.calls.map((c) => c.url);
  }

  test("endpoint option: /v1/traces appended unless already there", () => {
    expect(endpointUrl("http://c:4318", ignore)).toBe("http://c:4318/v1/traces");
    expect(endpointUrl("http://c/v1/traces", ignore)).toBe("http://c/v1/traces");
  });

  test("otlp() with no endpoint anywhere uses the OTLP default", async () => {
    expect(await sentTo({}, {})).toEqual(["http://localhost:4318/v1/traces"]);
  });

  test("timer: off unless asked; the adapter's hint decides, options set the period", () => {
    const delay = (options: ExportOptions, env: Record<string, string>, timer?: boolean) =>
      timerDelay(options, readEnvConfig(env, ignore), { timer });
    expect(delay({}, otlpEnv)).toBe(0);
    expect(delay({}, otlpEnv, true)).toBe(5000);
    expect(delay({}, { ...otlpEnv, OTEL_BSP_SCHEDULE_DELAY: "250" }, true)).toBe(250);
    expect(delay({ scheduledDelayMs: 100 }, otlpEnv, true)).toBe(100);
    expect(delay({ scheduledDelayMs: 100 }, otlpEnv, false)).toBe(0);
    expect(delay({ scheduledDelayMs: 100 }, otlpEnv)).toBe(100);
  });

  test("OTEL_BSP_* size the sink; the options win over them", () => {
    const env = { OTEL_BSP_MAX_QUEUE_SIZE: "100", OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "10" };
    expect(resolveTracer({ exporter: otlp() }, env).recorder?.sink.batchSize).toBe(10);
    const sink = resolveTracer({ exporter: otlp({ maxExportBatchSize: 20 }) }, env).recorder?.sink;
    expect(sink?.batchSize).toBe(20);
    // The batch is never larger than the queue.
    const small = resolveTracer({ exporter: otlp({ maxQueueSize: 5 }) }, env).recorder?.sink;
    expect(small?.batchSize).toBe(5);
  });

  test("an invalid endpoint option is reported and the env one used", async () => {
    const events: DiagnosticEvent[] = [];
    const sent = await sentTo({ endpoint: "nope", onError: (e) => events.push(e) }, otlpEnv);
    expect(sent).toEqual(["http://collector:4318/v1/traces"]);
    expect(events).toEqual([expect.objectContaining({ type: "invalid-config", key: "endpoint" })]);
  });

  test("the adapter's sampler wins over OTEL_TRACES_SAMPLER", () => {
    const mine = () => true;
    const env = { OTEL_TRACES_SAMPLER: "always_off" };
    expect(resolveTracer({ sampler: mine, exporter: otlp() }, env).sampler).toBe(mine);
    expect(resolveTracer({ exporter: otlp() }, { ...env }).sampler).not.toBe(mine);
  });
});
