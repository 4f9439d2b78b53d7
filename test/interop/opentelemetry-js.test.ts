/**
 * Interoperability with the OpenTelemetry JS propagators (@opentelemetry/core),
 * as a user's Node services run them: a trace edge-trace starts continues
 * there, and what they send continues here with its baggage bytes intact.
 * Also the Level-1 rule OpenTelemetry Go applied before 2026
 * (open-telemetry/opentelemetry-go#7834 removed `version == 0 && opts[0] > 2`),
 * reproduced from the issue as a reference predicate.
 */
import {
  context,
  trace as otelTrace,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
  TraceFlags,
} from "@opentelemetry/api";
import { W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { extract } from "../../src/core/extract.js";
import { parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { encodeTraceRequest } from "../../src/export/otlp-json.js";
import { SDK_NAME, VERSION } from "../../src/export/version.js";
import { encodeOtlpProtobuf } from "../../src/protobuf/otlp-encode.js";
import { alwaysOff } from "../../src/trace/sampler.js";
import { Tracer, type TracerOptions } from "../../src/trace/tracer.js";
import { recordingFetch } from "../support/collect.js";
import { finishedSpan } from "../support/finished-span.js";
import { decodeOtlpProtobuf } from "../support/otlp-schema.js";

const getter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};
const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** Go's traceparent check before 2026: version 00 with flags above 02 is discarded whole. */
function goBefore2026Accepts(traceparent: string): boolean {
  const flags = Number.parseInt(traceparent.slice(53, 55), 16);
  return (
    parseTraceparent(traceparent) !== undefined && !(traceparent.startsWith("00-") && flags > 2)
  );
}

function rootHeaders(options?: TracerOptions): Record<string, string> {
  const root = new Tracer(options).startTrace({
    name: "root",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
  return root.headers();
}

describe("a trace edge-trace starts, received by OpenTelemetry", () => {
  it("trace-context-2 #random-trace-id-flag: the default root continues in OpenTelemetry JS as the same sampled trace", () => {
    const headers = rootHeaders();
    const extracted = new W3CTraceContextPropagator().extract(ROOT_CONTEXT, headers, getter);
    const span = otelTrace.getSpanContext(extracted);
    const sent = parseTraceparent(headers.traceparent)!;
    expect(span).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
    expect(span?.traceFlags).toBe(TraceFlags.SAMPLED);
  });

  it("trace-context-2 #random-trace-id-flag: the default root passes Go's pre-2026 rule; the opt-in root does not", () => {
    expect(goBefore2026Accepts(rootHeaders().traceparent!)).toBe(true);
    expect(goBefore2026Accepts(rootHeaders({ sampler: alwaysOff }).traceparent!)).toBe(true);
    expect(goBefore2026Accepts(rootHeaders({ randomTraceIdFlag: true }).traceparent!)).toBe(false);
  });
});

describe("a trace OpenTelemetry JS sends, continued by edge-trace", () => {
  it("baggage #mutating-baggage: members edge-trace does not change are forwarded byte for byte when it adds one", async () => {
    // What OpenTelemetry JS writes for these values (it percent-encodes them).
    const bag = propagation.createBaggage({
      odd: { value: "1+1=2%25" },
      spaced: { value: "a b" },
      tenant: { value: "acme", metadata: undefined },
    });
    const carrier: Record<string, string> = {};
    const otel = context.with(ROOT_CONTEXT, () => {
      const withSpan = otelTrace.setSpanContext(ROOT_CONTEXT, {
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId: "00f067aa0ba902b7",
        traceFlags: TraceFlags.SAMPLED,
      });
      return propagation.setBaggage(withSpan, bag);
    });
    new W3CTraceContextPropagator().inject(otel, carrier, setter);
    new W3CBaggagePropagator().inject(otel, carrier, setter);

    const remote = extract(carrier)!;
    const net = recordingFetch();
    const server = new Tracer({ fetch: net.fetch }).startTrace({
      name: "server",
      kind: "server",
      inbound: { parent: remote, links: [], baggage: remote.baggage },
    });
    server.setBaggage("added", "yes");
    await server.fetch("https://downstream.test/");

    const forwarded = net.calls[0]!.headers.get("baggage")!.split(",");
    for (const member of carrier.baggage!.split(",")) expect(forwarded).toContain(member.trim());
    expect(forwarded).toContain("added=yes");
    expect(net.calls[0]!.headers.get("traceparent")?.split("-")[1]).toBe(remote.traceId);
  });
});

describe("OTLP/HTTP protobuf: edge-trace's bytes and the OpenTelemetry JS SDK's", () => {
  it("otlp #binary-protobuf-encoding: the same span serialises to bytes that decode to the same data", () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const attributes = { "http.route": "/é/:id", n: -42, ratio: 0.25, ok: true, tags: ["a", ""] };
    const ours = finishedSpan({
      traceId,
      spanId: "00f067aa0ba902b7",
      parentSpanId: "b7ad6b7169203331",
      name: "GET /é/:id",
      kind: "server",
      startTime: 1_700_000_000_123.456,
      endTime: 1_700_000_000_200.5,
      attributes,
      events: [{ name: "retry", time: 1_700_000_000_150.25, attributes: { attempt: 2 } }],
      links: [
        { context: { traceId, spanId: "53995c3f42cd8ad8", traceFlags: 1 }, attributes: { k: "v" } },
      ],
      status: { code: "error", message: "upstream 503" },
      droppedAttributesCount: 3,
    });
    const resource = { "service.name": "shop", "deployment.environment": "prod" };
    // The same span as the SDK's exporters hand it to the serializer (a ReadableSpan).
    const theirs = {
      name: ours.name,
      kind: 1, // SpanKind.SERVER
      spanContext: () => ({ traceId, spanId: ours.spanId, traceFlags: 1 }),
      parentSpanId: ours.parentSpanId,
      startTime: [1_700_000_000, 123_456_000],
      endTime: [1_700_000_000, 200_500_000],
      attributes,
      events: [{ name: "retry", time: [1_700_000_000, 150_250_000], attributes: { attempt: 2 } }],
      links: [
        { context: { traceId, spanId: "53995c3f42cd8ad8", traceFlags: 1 }, attributes: { k: "v" } },
      ],
      status: { code: 2, message: "upstream 503" },
      droppedAttributesCount: 3,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
      resource: { attributes: resource },
      instrumentationLibrary: { name: SDK_NAME, version: VERSION },
      ended: true,
      duration: [0, 77_044_000],
    };
    const sdkBytes = ProtobufTraceSerializer.serializeRequest([theirs] as never)!;
    const ourBytes = encodeOtlpProtobuf(encodeTraceRequest([ours], resource));
    // Span.flags and Link.flags are newer than the SDK's 0.52.1 serializer: compared
    // without them. The SDK writes zero counts that proto3 lets a sender leave out:
    // a field at its default decodes the same either way.
    const withoutFlags = (bytes: Uint8Array) =>
      JSON.parse(
        JSON.stringify(decodeOtlpProtobuf(bytes, "traces"), (key, value) =>
          key === "flags" || (/^dropped\w+Count$/.test(key) && value === 0) ? undefined : value,
        ),
      );
    expect(withoutFlags(ourBytes)).toEqual(withoutFlags(sdkBytes));
    expect(withoutFlags(ourBytes).resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({
      name: "GET /é/:id",
      startTimeUnixNano: "1700000000123456000",
      status: { code: 2, message: "upstream 503" },
    });
  });
});
