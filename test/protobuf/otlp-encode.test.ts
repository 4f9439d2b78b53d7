/**
 * The protobuf encoder against the official OTLP schema: every body is
 * decoded by protobufjs with the message types `@opentelemetry/otlp-transformer`
 * generated from opentelemetry-proto, and must carry, field by field, what
 * the JSON encoding of the same batch carries. Generated spans, log records
 * and metric points (histograms with exemplars, sums, gauges) cover ids,
 * 64-bit times and integers past 2^53, negatives, NaN and ±Infinity, empty
 * and non-ASCII strings, arrays, events, links, status and flags.
 * @see https://opentelemetry.io/docs/specs/otlp/#binary-protobuf-encoding
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeTraceRequest } from "../../src/export/otlp-json.js";
import { toLogRecord } from "../../src/logs/log-record.js";
import { encodeMetricsRequest } from "../../src/metrics/otlp-metrics-json.js";
import { encodeOtlpProtobuf } from "../../src/protobuf/otlp-encode.js";
import { keyValues } from "../../src/signals/otlp-values.js";
import { decodeOtlpProtobuf, type OtlpSignal } from "../support/otlp-schema.js";
import {
  attributes,
  finishedSpan,
  histogramMetric,
  logLine,
  sumOrGaugeMetric,
} from "./arbitraries.js";

const RUNS = { numRuns: 300 };
const SCOPE = { name: "edge-trace", version: "0" };

/**
 * proto3 leaves a field at its default off the wire, so the comparison
 * drops defaults (0, "", "0", false, [], absent) on both sides, except
 * where presence is the value: AnyValue's and a point's oneof members and
 * the `optional` histogram fields. -0 becomes 0: JSON cannot carry it.
 */
const PRESENCE = new Set([
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "bytesValue",
  "asDouble",
  "asInt",
  "sum",
  "min",
  "max",
]);
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (Object.is(value, -0)) return 0;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const v = normalize(field);
    const isDefault =
      v === undefined ||
      v === null ||
      v === "" ||
      v === 0 ||
      v === "0" ||
      v === false ||
      (Array.isArray(v) && v.length === 0);
    if (v !== undefined && (PRESENCE.has(key) || !isDefault)) out[key] = v;
  }
  return out;
}

/** The request as the JSON path sends it, and as the protobuf path's bytes decode. */
function bothWays(request: object, signal: OtlpSignal): [unknown, unknown] {
  const json = JSON.parse(JSON.stringify(request));
  const decoded = decodeOtlpProtobuf(encodeOtlpProtobuf(request), signal);
  return [normalize(decoded), normalize(json)];
}

describe("protobuf bodies decode with the official OTLP schema to the JSON encoding's data", () => {
  it("spans: ids, times, attributes, events, links, status, flags, dropped counts", () => {
    fc.assert(
      fc.property(fc.array(finishedSpan, { maxLength: 4 }), attributes, (spans, resource) => {
        const [decoded, json] = bothWays(encodeTraceRequest(spans, resource), "traces");
        expect(decoded).toEqual(json);
      }),
      RUNS,
    );
  });

  it("log records: body of any value, severity, trace ids, flags, attributes", () => {
    fc.assert(
      fc.property(fc.array(logLine, { maxLength: 4 }), attributes, (lines, resource) => {
        const logRecords = lines.map((line) => toLogRecord(line, 1_700_000_000_123.456));
        const request = {
          resourceLogs: [
            {
              resource: { attributes: keyValues(resource) },
              scopeLogs: [{ scope: SCOPE, logRecords }],
            },
          ],
        };
        const [decoded, json] = bothWays(request, "logs");
        expect(decoded).toEqual(json);
      }),
      RUNS,
    );
  });

  it("histograms as the metrics entry collects them: buckets, bounds, min/max, exemplars", () => {
    fc.assert(
      fc.property(fc.array(histogramMetric, { maxLength: 3 }), attributes, (metrics, resource) => {
        const [decoded, json] = bothWays(encodeMetricsRequest(metrics, resource), "metrics");
        expect(decoded).toEqual(json);
      }),
      RUNS,
    );
  });

  it("sums and gauges: int64 past 2^53 and negative (sfixed64), doubles incl. NaN, exemplars", () => {
    fc.assert(
      fc.property(fc.array(sumOrGaugeMetric, { maxLength: 3 }), (metrics) => {
        const request = {
          resourceMetrics: [
            { resource: { attributes: [] }, scopeMetrics: [{ scope: SCOPE, metrics }] },
          ],
        };
        const [decoded, json] = bothWays(request, "metrics");
        expect(decoded).toEqual(json);
      }),
      RUNS,
    );
  });
});

describe("values the JSON model spells as strings", () => {
  const value = (v: object): unknown => {
    const request = {
      resourceSpans: [{ resource: { attributes: [{ key: "k", value: v }] }, scopeSpans: [] }],
    };
    const decoded = decodeOtlpProtobuf(encodeOtlpProtobuf(request), "traces") as {
      resourceSpans: [{ resource: { attributes: [{ value: unknown }] } }];
    };
    return decoded.resourceSpans[0].resource.attributes[0].value;
  };

  it.each([["9223372036854775807"], ["-9223372036854775808"], ["9007199254740993"], ["-1"], ["0"]])(
    "intValue %s (int64, two's complement varint when negative) is exact",
    (intValue) => {
      expect(value({ intValue })).toEqual({ intValue });
    },
  );

  it.each([["NaN"], ["Infinity"], ["-Infinity"]])(
    "doubleValue %s is that double",
    (doubleValue) => {
      expect(value({ doubleValue })).toEqual({ doubleValue });
    },
  );

  it("an empty string is a present stringValue, not an empty AnyValue", () => {
    expect(value({ stringValue: "" })).toEqual({ stringValue: "" });
  });

  it("bytesValue (base64 in OTLP/JSON) is sent as bytes", () => {
    expect(value({ bytesValue: "AAEC/w==" })).toEqual({ bytesValue: "AAEC/w==" });
  });

  it("a kvlistValue nests key-values", () => {
    const kvlistValue = {
      values: [{ key: "a", value: { arrayValue: { values: [{ boolValue: false }] } } }],
    };
    expect(value({ kvlistValue })).toEqual({ kvlistValue });
  });

  it("a lone surrogate becomes U+FFFD, as TextEncoder writes it", () => {
    expect(value({ stringValue: "a\ud800b" })).toEqual({ stringValue: "a\ufffdb" });
  });

  it("long and multi-byte strings keep every character (TextEncoder and hand-written paths)", () => {
    for (const stringValue of ["é".repeat(200), "😀".repeat(50), "x".repeat(70_000)]) {
      expect(value({ stringValue })).toEqual({ stringValue });
    }
  });
});
