/**
 * The one OTLP value encoder (src/export/any-value.ts): total on any input,
 * and every body it produces is valid against the OTLP protobuf schema.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyValue, keyValues } from "../../src/export/any-value.js";
import { encodeTraceRequest } from "../../src/export/otlp-json.js";
import type { Attributes } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";
import { validateOtlpJson } from "../support/otlp-receiver.js";

/** Values JavaScript can hold that no attribute type describes. */
function hostile(): unknown[] {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push(cyclicArray);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const throwing = Object.defineProperty([1], "0", {
    get() {
      throw new Error("getter");
    },
  });
  return [
    null,
    10n,
    2n ** 64n,
    -(2n ** 70n),
    Symbol("s"),
    { nested: { deep: [1, "a"] } },
    { big: 1n },
    cyclic,
    cyclicArray,
    proxy,
    throwing,
    Object.create(null),
    new Date(0),
    new Uint8Array([1, 2]),
    [null, undefined, 1],
    [1, "a", true, null, { x: 1 }, [2, [3, [4, [5, [6, [7, [8, [9, [10]]]]]]]]]],
    Number.NaN,
    Number.NEGATIVE_INFINITY,
    () => 1,
  ];
}

/** One span whose attributes, event attributes and link attributes are `values`. */
function bodyWith(values: readonly unknown[]): unknown {
  const attributes = Object.fromEntries(values.map((v, i) => [`k${i}`, v])) as Attributes;
  const span = finishedSpan({
    attributes,
    events: [{ name: "e", time: Date.now(), attributes }],
    links: [
      {
        context: {
          traceId: "0af7651916cd43dd8448eb211c80319c",
          spanId: "00f067aa0ba902b7",
          traceFlags: 1,
        },
        attributes,
      },
    ],
  });
  return JSON.parse(JSON.stringify(encodeTraceRequest([span], attributes)));
}

describe("OTLP AnyValue encoder: total (OTLP §JSON Protobuf Encoding)", () => {
  it("OTLP JSON encoding: never throws on hostile values; the body passes the protobuf schema", () => {
    const values = hostile();
    for (const value of values) expect(() => anyValue(value)).not.toThrow();
    expect(validateOtlpJson(bodyWith(values))).toEqual([]);
  });

  it("OTLP JSON encoding: fast-check, any value at all encodes and validates", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.bigInt(), fc.double())), (values) => {
        expect(validateOtlpJson(bodyWith(values))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("proto3 JSON: non-finite doubles are the strings NaN, Infinity, -Infinity", () => {
    expect(anyValue(Number.NaN)).toEqual({ doubleValue: "NaN" });
    expect(anyValue(Number.POSITIVE_INFINITY)).toEqual({ doubleValue: "Infinity" });
    expect(anyValue([1, Number.NEGATIVE_INFINITY])).toEqual({
      arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: "-Infinity" }] },
    });
  });

  it("OTLP JSON encoding: objects are JSON text; bigints and symbols their String(); a cyclic object is skipped", () => {
    expect(anyValue({ a: [1, "b"] })).toEqual({ stringValue: '{"a":[1,"b"]}' });
    expect(anyValue(10n)).toEqual({ stringValue: "10" });
    expect(anyValue(Symbol("s"))).toEqual({ stringValue: "Symbol(s)" });
    expect(anyValue(null)).toEqual({ stringValue: "null" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(anyValue(cyclic)).toBeUndefined();
    expect(keyValues({ cyclic, kept: 1 })).toEqual([{ key: "kept", value: { intValue: "1" } }]);
  });

  it("common.proto AnyValue: null and undefined array elements are empty values, numbers stay homogeneous", () => {
    expect(anyValue(["a", null, undefined])).toEqual({
      arrayValue: { values: [{ stringValue: "a" }, {}, {}] },
    });
    expect(anyValue([1, null, 2.5])).toEqual({
      arrayValue: { values: [{ doubleValue: 1 }, {}, { doubleValue: 2.5 }] },
    });
  });

  it("OTLP JSON encoding: what cannot be read is skipped, the rest kept", () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(keyValues({ bad: proxy, fn: () => 1, gone: undefined, ok: "yes" })).toEqual([
      { key: "ok", value: { stringValue: "yes" } },
    ]);
  });
});
