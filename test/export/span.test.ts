/**
 * What a recording span keeps of the values user code gives it: checked
 * where they are set (OpenTelemetry's isAttributeValue), invalid ones
 * dropped and counted, bags without prototype.
 */
import { isAttributeValue as otelIsAttributeValue } from "@opentelemetry/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAttributeValue } from "../../src/export/attribute-value.js";
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from "../../src/export/limits.js";
import { encodeSpan } from "../../src/export/otlp-json.js";
import { type SpanHost, startSpan } from "../../src/export/recording-span.js";
import type { AttributeValue, FinishedSpan, SpanLink } from "../../src/trace/span-data.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

function recording(limits: Partial<SpanLimits> = {}) {
  const ended: FinishedSpan[] = [];
  const invalid: number[] = [];
  const host: SpanHost = {
    now: () => 1_700_000_000_000,
    limits: { ...DEFAULT_SPAN_LIMITS, ...limits },
    onEnd: (span) => ended.push(span),
    onInvalid: (count) => invalid.push(count),
  };
  const start = (links?: readonly SpanLink[]) =>
    startSpan(host, {
      context: { traceId: TRACE, spanId: "00f067aa0ba902b7", traceFlags: 1 },
      parentSpanId: undefined,
      traceState: undefined,
      name: "work",
      kind: "internal",
      links,
    });
  return { ended, invalid, start };
}

/** A value plain JavaScript can pass where the types say AttributeValue. */
const raw = (value: unknown) => value as AttributeValue;

describe("OpenTelemetry common §Attribute: values are checked where they are set", () => {
  it("OTel §Attribute: null, bigint, objects, symbols, functions and mixed arrays are dropped and counted", () => {
    const { ended, invalid, start } = recording();
    const span = start();
    span.setAttribute("user.id", raw(null));
    span.setAttribute("big", raw(10n));
    span.setAttribute("nested", raw({ a: 1 }));
    span.setAttribute("sym", raw(Symbol("s")));
    span.setAttribute(
      "fn",
      raw(() => 1),
    );
    span.setAttribute("mixed", raw([1, "a"]));
    span.setAttribute("nested.array", raw([[1]]));
    span.setAttribute("unset", undefined);
    span.setAttributes({
      ok: "kept",
      alsoBad: raw(null),
      nan: Number.NaN,
      holes: raw(["a", null]),
    });
    span.end();
    const [finished] = ended;
    expect({ ...finished!.attributes }).toEqual({
      ok: "kept",
      nan: Number.NaN,
      holes: ["a", null],
    });
    expect(finished!.droppedAttributesCount).toBe(8);
    // Reported once for the span, not once per value.
    expect(invalid).toEqual([8]);
  });

  it("OTel §Attribute: accepts exactly what @opentelemetry/core's isAttributeValue accepts (null aside)", () => {
    const values = fc.oneof(
      fc.anything(),
      fc.array(fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined))),
      fc.array(fc.oneof(fc.double(), fc.constant(null))),
      fc.array(fc.oneof(fc.boolean(), fc.integer(), fc.constant(undefined))),
    );
    fc.assert(
      fc.property(values, (value) => {
        // OpenTelemetry lets null through as "unset"; a null attribute is dropped and counted here.
        if (value == null) return;
        expect(isAttributeValue(value)).toBe(otelIsAttributeValue(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("OTel §Attribute: arrays with null elements never throw when strings are cut, and are copies", () => {
    const { ended, start } = recording({ attributeValueLength: 2 });
    const tags = ["abcd", null, "xyz"];
    const span = start();
    span.setAttribute("tags", raw(tags));
    tags[0] = "changed";
    span.end();
    expect(ended[0]!.attributes.tags).toEqual(["ab", null, "xy"]);
  });

  it("OTel §Attribute: invalid values in events and links are dropped and counted in the span's droppedAttributesCount", () => {
    const { ended, invalid, start } = recording();
    const link = {
      context: {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceFlags: 1,
      },
      attributes: { why: "caller", bad: raw(1n) },
    };
    const span = start([link, null as unknown as SpanLink]);
    span.addEvent("bad", { ok: 1, no: raw(null), obj: raw({}) });
    span.addEvent("fine", { ok: 2 });
    span.end();
    const [finished] = ended;
    const encoded = encodeSpan(finished!);
    expect(encoded.events[0]!.attributes).toEqual([{ key: "ok", value: { intValue: "1" } }]);
    expect(encoded.links[0]!.attributes).toEqual([
      { key: "why", value: { stringValue: "caller" } },
    ]);
    expect(finished!.droppedAttributesCount).toBe(3);
    // A link that is not one (from JavaScript) is dropped and counted as a link.
    expect(finished!.links).toHaveLength(1);
    expect(finished!.droppedLinksCount).toBe(1);
    expect(invalid).toEqual([3]);
  });

  it("OTel §Exceptions: recordException never throws, even on an error whose getters throw", () => {
    const { ended, start } = recording();
    const hostileError = new Error("x");
    Object.defineProperty(hostileError, "message", {
      get() {
        throw new Error("getter");
      },
    });
    const span = start();
    expect(() => span.recordException(hostileError)).not.toThrow();
    expect(() => span.recordException(Object.create(null))).not.toThrow();
    span.end();
    expect(ended[0]!.events).toHaveLength(2);
  });
});

describe("attribute bags have no prototype (OTel §Attribute limits count every key)", () => {
  it("OTel §Attribute limits: constructor and toString count against the limit like any key", () => {
    const { ended, start } = recording({ attributeCount: 2 });
    const span = start();
    span.setAttribute("constructor", "c");
    span.setAttribute("toString", "t");
    span.setAttribute("third", "x");
    span.end();
    expect(Object.keys(ended[0]!.attributes)).toEqual(["constructor", "toString"]);
    expect(ended[0]!.droppedAttributesCount).toBe(1);
  });

  it("OTel §Attribute: __proto__ is an ordinary key, and the encoder emits no phantom keys", () => {
    const { ended, start } = recording();
    const span = start();
    span.setAttribute("__proto__", ["a", "b"]);
    // As JSON.parse gives it: an own "__proto__" key.
    span.setAttributes(JSON.parse('{"__proto__": [1, 2], "next": true}'));
    span.end();
    const encoded = encodeSpan(ended[0]!);
    expect(encoded.attributes.map((a) => a.key)).toEqual(["__proto__", "next"]);
    expect(encoded.attributes[0]!.value).toEqual({
      arrayValue: { values: [{ intValue: "1" }, { intValue: "2" }] },
    });
    expect(ended[0]!.droppedAttributesCount).toBe(0);
  });
});
