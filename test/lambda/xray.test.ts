import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_PROPAGATORS } from "../../src/core/defaults.js";
import { awsXray } from "../../src/core/vendor/xray.js";
import { type LambdaTraceOptions, withTrace } from "../../src/lambda.js";
import type { Trace } from "../../src/trace/trace.js";
import { recordingFetch } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, lambdaContext, loadEvent } from "./support.js";

// What Lambda sets per invocation with active tracing on (Sampled=1) and off (Sampled=0).
const ENV_SAMPLED =
  "Root=1-67f6a1b0-2f0c5a6b7d8e9f0a1b2c3d4e;Parent=1a2b3c4d5e6f7a8b;Sampled=1;Lineage=1:ab12cd34:0";
const ENV_UNSAMPLED = "Root=1-67f6a1b0-2f0c5a6b7d8e9f0a1b2c3d4e;Parent=1a2b3c4d5e6f7a8b;Sampled=0";
const ENV_TRACE = "67f6a1b02f0c5a6b7d8e9f0a1b2c3d4e";
const HEADER_TRACE = "5759e988bd862e3fe1be46a994272793";

async function invoke(event: unknown, options: LambdaTraceOptions = {}) {
  const sink = collectingSink();
  const net = recordingFetch();
  let seen: Trace | undefined;
  const handler = withTrace(
    async (_event: unknown, _context, trace) => {
      seen = trace;
      await trace.fetch("https://downstream.example/");
    },
    { exporter: sinkExporter(sink), fetch: net.fetch, ...options },
  );
  await handler(event, lambdaContext());
  const server = sink.spans.find((s) => s.kind !== "client");
  return { trace: seen!, server, sink, sent: net.calls[0]!.headers };
}

/** The v1 example (W3C headers plus an X-Amzn-Trace-Id) without its W3C headers. */
function v1XrayOnly() {
  const event = loadEvent("apigw-v1");
  for (const name of ["Traceparent", "Tracestate"]) {
    delete event.headers[name];
    delete event.multiValueHeaders[name];
  }
  return event;
}

afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
});

describe("xray: 'link' (default)", () => {
  it("links the sampled _X_AMZN_TRACE_ID of an event with no context", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const { trace, server } = await invoke(loadEvent("scheduled"));
    expect(trace.parentSpanId).toBeUndefined();
    expect(trace.traceId).not.toBe(ENV_TRACE);
    expect(server!.links).toEqual([
      {
        context: { traceId: ENV_TRACE, spanId: "1a2b3c4d5e6f7a8b", traceFlags: 1, isRemote: true },
        attributes: { source: "x-ray-env" },
      },
    ]);
  });

  it("does not link an unsampled X-Ray context (active tracing off)", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_UNSAMPLED;
    const { server } = await invoke(loadEvent("scheduled"));
    expect(server!.links).toEqual([]);
  });

  it("keeps the W3C parent and links the X-Amzn-Trace-Id header and the variable", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const { trace, server } = await invoke(loadEvent("apigw-v1"));
    expect(trace.parentSpanId).toBe("00f067aa0ba902b7");
    expect(server!.links.map((l) => [l.context.traceId, l.attributes.source])).toEqual([
      [ENV_TRACE, "x-ray-env"],
      [HEADER_TRACE, "x-ray-header"],
    ]);
  });
});

describe("xray: 'parent'", () => {
  it("uses the variable as parent when the event carries no W3C context", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const { trace, server } = await invoke(v1XrayOnly(), { xray: "parent" });
    // The variable (Lambda's own segment) is the more direct parent than the header.
    expect(trace.traceId).toBe(ENV_TRACE);
    expect(trace.parentSpanId).toBe("1a2b3c4d5e6f7a8b");
    expect(trace.carried).toEqual({ "xray.lineage": "1:ab12cd34:0" });
    expect(server!.links).toEqual([]);
  });

  it("falls back to the header without the variable", async () => {
    const { trace } = await invoke(v1XrayOnly(), { xray: "parent" });
    expect(trace.traceId).toBe(HEADER_TRACE);
    expect(trace.parentSpanId).toBe("53995c3f42cd8ad8");
  });

  it("never overrides W3C context", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const { trace } = await invoke(loadEvent("apigw-v1"), { xray: "parent" });
    expect(trace.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("follows Sampled=0: nothing recorded, context still propagated", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_UNSAMPLED;
    const { trace, sink, sent } = await invoke(loadEvent("scheduled"), { xray: "parent" });
    expect(trace.sampled).toBe(false);
    expect(sink.spans).toEqual([]);
    expect(sent.get("traceparent")).toMatch(new RegExp(`^00-${ENV_TRACE}-[0-9a-f]{16}-00$`));
  });
});

describe("xray: 'ignore'", () => {
  it("reads no X-Ray context at all", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const { trace, server } = await invoke(v1XrayOnly(), { xray: "ignore" });
    expect(trace.parentSpanId).toBeUndefined();
    expect(server!.links).toEqual([]);
  });
});

describe("with the awsXray propagator configured", () => {
  it("lets the propagator read the header, and still links the variable", async () => {
    process.env._X_AMZN_TRACE_ID = ENV_SAMPLED;
    const propagators = [...DEFAULT_PROPAGATORS, awsXray];
    const { trace, server, sent } = await invoke(v1XrayOnly(), { propagators });
    expect(trace.traceId).toBe(HEADER_TRACE);
    expect(server!.links.map((l) => l.attributes.source)).toEqual(["x-ray-env"]);
    expect(sent.get("x-amzn-trace-id")).toMatch(/^Root=1-5759e988-bd862e3fe1be46a994272793;/);
  });
});
