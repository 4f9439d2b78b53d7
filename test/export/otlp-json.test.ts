import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../../src/core/w3c/traceparent.js";
import { createOtlpExporter } from "../../src/export/otlp-exporter.js";
import {
  encodeAttributes,
  encodeSpan,
  encodeTraceRequest,
  encodeValue,
  spanFlags,
  toUnixNano,
} from "../../src/export/otlp-json.js";
import { createResource } from "../../src/export/resource.js";
import { VERSION } from "../../src/export/version.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";
import {
  type OtlpReceiver,
  startOtlpReceiver,
  validateOtlpJson,
} from "../support/otlp-receiver.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const T0 = 1_700_000_000_123.456;

function span(overrides: Partial<FinishedSpan> = {}): FinishedSpan {
  return finishedSpan({
    traceId: TRACE,
    parentIsRemote: false,
    traceFlags: FLAG_SAMPLED | FLAG_RANDOM,
    name: "GET /users/:id",
    kind: "server",
    startTime: T0,
    endTime: T0 + 12.5,
    ...overrides,
  });
}

/** Every field and value type the encoder can produce. */
const EVERYTHING: FinishedSpan[] = [
  span({
    parentSpanId: "b7ad6b7169203331",
    parentIsRemote: true,
    traceState: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
    attributes: {
      "http.request.method": "GET",
      "http.response.status_code": 200,
      ratio: 0.25,
      ok: true,
      empty: "",
      big: 2 ** 52,
      huge: 2 ** 60,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      tags: ["a", "b"],
      ints: [1, 2, 3],
      mixed: [1, 2.5],
      flags: [true, false],
      none: [],
      skipped: undefined,
    },
    events: [{ name: "exception", time: T0 + 1, attributes: { "exception.message": "boom" } }],
    links: [
      {
        context: {
          traceId: "0af7651916cd43dd8448eb211c80319c",
          spanId: "00f067aa0ba902b7",
          traceFlags: 1,
          traceState: "a=b",
          isRemote: true,
        },
        attributes: { reason: "untrusted caller" },
      },
      { context: { traceId: TRACE, spanId: "1111111111111111", traceFlags: 0 }, attributes: {} },
    ],
    status: { code: "error", message: "upstream failed" },
    droppedAttributesCount: 3,
    droppedEventsCount: 1,
    droppedLinksCount: 2,
  }),
  ...(["internal", "client", "producer", "consumer"] as const).map((kind, i) =>
    span({
      kind,
      spanId: `000000000000000${i + 1}`,
      parentSpanId: "00f067aa0ba902b7",
      status: { code: i % 2 ? "ok" : "unset" },
    }),
  ),
];

describe("encoding: validated by a real receiver against the OTLP protobuf schema", () => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());
  beforeEach(() => rx.reset());

  test("every kind of field, sent by the exporter, passes verify() and the round trip", async () => {
    const exporter = createOtlpExporter({ url: rx.tracesUrl });
    const resource = createResource({ serviceName: "shop", serviceVersion: "2.0.0" }, {});
    const signal = new AbortController().signal;
    await exporter(EVERYTHING, { deadline: Date.now() + 5000, signal, resource });
    expect(rx.problems()).toEqual([]);
    const received = rx.spans();
    expect(received).toHaveLength(EVERYTHING.length);

    const [server] = received;
    expect(server).toMatchObject({
      traceId: TRACE,
      spanId: "00f067aa0ba902b7",
      parentSpanId: "b7ad6b7169203331",
      traceState: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
      flags: 0x303,
      kind: 2,
      startTimeUnixNano: "1700000000123456000",
      endTimeUnixNano: "1700000000135956000",
      status: { code: 2, message: "upstream failed" },
      droppedAttributesCount: 3,
      droppedEventsCount: 1,
      droppedLinksCount: 2,
      resource: {
        "service.name": "shop",
        "service.version": "2.0.0",
        "telemetry.sdk.name": "edge-trace",
      },
      scope: { name: "edge-trace", version: VERSION },
    });
    expect(server?.attributes).toEqual({
      "http.request.method": "GET",
      "http.response.status_code": 200,
      ratio: 0.25,
      ok: true,
      empty: "",
      big: 2 ** 52,
      huge: 2 ** 60,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      tags: ["a", "b"],
      ints: [1, 2, 3],
      mixed: [1, 2.5],
      flags: [true, false],
      none: [],
    });
    expect(server?.events).toEqual([
      {
        name: "exception",
        timeUnixNano: "1700000000124456000",
        attributes: { "exception.message": "boom" },
      },
    ]);
    expect(server?.links).toEqual([
      {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "00f067aa0ba902b7",
        traceState: "a=b",
        flags: 0x301,
        attributes: { reason: "untrusted caller" },
      },
      { traceId: TRACE, spanId: "1111111111111111", flags: 0, attributes: {} },
    ]);
    expect(received.slice(1).map((s) => s.kind)).toEqual([1, 3, 4, 5]);
    expect(received.slice(1).map((s) => s.status.code)).toEqual([0, 1, 0, 1]);
  });

  test("raw JSON uses OTLP's deviations: hex ids, integer enums, int64 strings", () => {
    const body = JSON.parse(JSON.stringify(encodeTraceRequest(EVERYTHING, {})));
    const sent = body.resourceSpans[0].scopeSpans[0].spans[0];
    expect(sent.traceId).toBe(TRACE);
    expect(sent.kind).toBe(2);
    expect(sent.status.code).toBe(2);
    expect(typeof sent.startTimeUnixNano).toBe("string");
    expect(sent.attributes.find((a: { key: string }) => a.key === "big").value).toEqual({
      intValue: "4503599627370496",
    });
    expect(validateOtlpJson(body)).toEqual([]);
  });
});

describe("the schema check catches what a shape check would miss", () => {
  const valid = () => JSON.parse(JSON.stringify(encodeTraceRequest([span()], {})));
  const first = (body: {
    resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
  }) => body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  test.each([
    [
      "base64 ids (protobuf's default JSON)",
      (s: Record<string, unknown>) => {
        s.traceId = "S/kvNXezTaajzpKdDg5HNg==";
      },
    ],
    [
      "enum names",
      (s: Record<string, unknown>) => {
        s.kind = "SPAN_KIND_SERVER";
      },
    ],
    [
      "snake_case keys",
      (s: Record<string, unknown>) => {
        s.start_time_unix_nano = s.startTimeUnixNano;
      },
    ],
    [
      "a fractional timestamp",
      (s: Record<string, unknown>) => {
        s.startTimeUnixNano = "1.5";
      },
    ],
    [
      "an all-zero span id",
      (s: Record<string, unknown>) => {
        s.spanId = "0000000000000000";
      },
    ],
    [
      "reserved flag bits",
      (s: Record<string, unknown>) => {
        s.flags = 0x10000;
      },
    ],
    [
      "a bad attribute value",
      (s: Record<string, unknown>) => {
        s.attributes = [{ key: "k", value: { intValue: "x" } }];
      },
    ],
  ])("%s", (_name, mutate) => {
    const body = valid();
    mutate(first(body));
    expect(validateOtlpJson(body)).not.toEqual([]);
  });
});

describe("encoding details", () => {
  test.each([
    [1_700_000_000_123.456, "1700000000123456000"],
    [1_700_000_000_000, "1700000000000000000"],
    [1_700_000_000_000.5, "1700000000000500000"],
    [1_700_000_000_124 - 0.0004, "1700000000124000000"], // rounds up across the millisecond
    [0.25, "250000"],
    [0, "0"],
  ])("toUnixNano(%d) = %s", (ms, expected) => {
    expect(toUnixNano(ms)).toBe(expected);
  });

  test("numbers: safe integers are intValue, others doubleValue; arrays stay homogeneous", () => {
    expect(encodeValue(42)).toEqual({ intValue: "42" });
    expect(encodeValue(-7)).toEqual({ intValue: "-7" });
    expect(encodeValue(1.5)).toEqual({ doubleValue: 1.5 });
    expect(encodeValue(2 ** 70)).toEqual({ doubleValue: 2 ** 70 });
    expect(encodeValue(Number.NEGATIVE_INFINITY)).toEqual({ doubleValue: "-Infinity" });
    expect(encodeValue([1, 2.5])).toEqual({
      arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: 2.5 }] },
    });
  });

  test("undefined attributes are skipped", () => {
    expect(encodeAttributes({ a: undefined, b: "x" })).toEqual([
      { key: "b", value: { stringValue: "x" } },
    ]);
  });

  test("flags: trace flags, and the is-remote bits only when known", () => {
    expect(spanFlags(0x03, undefined)).toBe(0x03);
    expect(spanFlags(0x01, false)).toBe(0x101);
    expect(spanFlags(0x01, true)).toBe(0x301);
    expect(spanFlags(0x1ff, undefined)).toBe(0xff);
  });

  test("span kinds are OTLP's integers", () => {
    const kinds = (["internal", "server", "client", "producer", "consumer"] as const).map(
      (kind) => [kind, encodeSpan(span({ kind })).kind],
    );
    expect(Object.fromEntries(kinds)).toEqual({
      internal: 1,
      server: 2,
      client: 3,
      producer: 4,
      consumer: 5,
    });
  });

  test("root spans have no parentSpanId field; unset status has no message", () => {
    // As sent: JSON.stringify leaves out the fields the encoder leaves undefined.
    const body = JSON.parse(JSON.stringify(encodeTraceRequest([span()], {})));
    const encoded = body.resourceSpans[0].scopeSpans[0].spans[0];
    expect("parentSpanId" in encoded).toBe(false);
    expect(encoded.status).toEqual({ code: 0 });
  });

  test("times that are not positive and finite are 0", () => {
    expect(toUnixNano(-1)).toBe("0");
    expect(toUnixNano(Number.NaN)).toBe("0");
    expect(toUnixNano(Number.POSITIVE_INFINITY)).toBe("0");
    expect(toUnixNano(0.0001)).toBe("0");
  });
});
