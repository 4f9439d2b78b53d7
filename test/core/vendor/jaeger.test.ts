import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type HeaderAccess, type HeaderRecord, headerAccess } from "../../../src/core/carrier.js";
import type { InjectContext, RemoteSpanContext } from "../../../src/core/propagator.js";
import { JAEGER_DEBUG_CARRIED, jaeger } from "../../../src/core/vendor/jaeger.js";
import {
  type Baggage,
  type BaggageEntry,
  formatBaggage,
  parseBaggage,
} from "../../../src/core/w3c/baggage.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../../../src/core/w3c/traceparent.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_ID = "00f067aa0ba902b7";
const PARENT_ID = "53995c3f42cd8ad8";

const sampled = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true };

function extract(value: string): RemoteSpanContext | undefined {
  return jaeger.extract(headerAccess({ "uber-trace-id": value }))?.context;
}

function injected(ctx: InjectContext): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = {};
  jaeger.inject(ctx, headerAccess(record));
  return record;
}

function baggageOf(entries: Record<string, string>): Baggage {
  return new Map(Object.entries(entries).map(([key, value]) => [key, { value }]));
}

describe("uber-trace-id: valid vectors", () => {
  test.each([
    {
      name: "docs#propagation-format: {trace-id}:{span-id}:{parent-span-id}:{flags}",
      value: `${TRACE_ID}:${SPAN_ID}:${PARENT_ID}:01`,
      expected: sampled,
    },
    {
      name: "docs: 64-bit trace id is 0-padded on the left",
      value: `a3ce929d0e0e4736:${SPAN_ID}:0:1`,
      expected: { ...sampled, traceId: "0000000000000000a3ce929d0e0e4736" },
    },
    {
      name: "docs: variable-length ids (leading zeros omitted) are 0-padded on the left",
      value: "abc:f067aa0ba902b7:0:1",
      expected: { ...sampled, traceId: `${"0".repeat(29)}abc`, spanId: SPAN_ID },
    },
    {
      name: "docs: parent-span-id 0 means root span and is valid",
      value: `${TRACE_ID}:${SPAN_ID}:0:01`,
      expected: sampled,
    },
    {
      name: "docs: flags bit 1 clear is not sampled",
      value: `${TRACE_ID}:${SPAN_ID}:0:00`,
      expected: { ...sampled, traceFlags: 0, sampled: false },
    },
    {
      name: "docs: flags bit 2 is debug, which implies sampled, and is carried",
      value: `${TRACE_ID}:${SPAN_ID}:0:02`,
      expected: { ...sampled, carried: { [JAEGER_DEBUG_CARRIED]: "1" } },
    },
    {
      name: "docs: unknown flag bits are ignored",
      value: `${TRACE_ID}:${SPAN_ID}:0:f0`,
      expected: { ...sampled, traceFlags: 0, sampled: false },
    },
    {
      name: "URL-encoded value (%3A for ':') is decoded",
      value: `${TRACE_ID}%3A${SPAN_ID}%3A0%3A1`,
      expected: sampled,
    },
    {
      name: "RFC 7230 OWS around the value is ignored",
      value: ` ${TRACE_ID}:${SPAN_ID}:0:1\t`,
      expected: sampled,
    },
  ])("$name", ({ value, expected }) => {
    expect(extract(value)).toEqual(expected);
  });
});

describe("uber-trace-id: invalid vectors", () => {
  test.each([
    ["invalidTraceId_allZeros (docs: value of 0 is invalid)", `${"0".repeat(32)}:${SPAN_ID}:0:1`],
    ["invalidTraceId_zero", `0:${SPAN_ID}:0:1`],
    ["invalidTraceId_tooLong", `0${TRACE_ID}:${SPAN_ID}:0:1`],
    ["invalidTraceId_empty", `:${SPAN_ID}:0:1`],
    ["invalidTraceId_uppercase", `${TRACE_ID.toUpperCase()}:${SPAN_ID}:0:1`],
    ["invalidTraceId_nonHex", `${TRACE_ID.slice(1)}x:${SPAN_ID}:0:1`],
    ["invalidSpanId_allZeros", `${TRACE_ID}:0:0:1`],
    ["invalidSpanId_tooLong", `${TRACE_ID}:0${SPAN_ID}:0:1`],
    ["invalidSpanId_empty", `${TRACE_ID}::0:1`],
    ["invalidParentSpanId_empty", `${TRACE_ID}:${SPAN_ID}::1`],
    ["invalidParentSpanId_nonHex", `${TRACE_ID}:${SPAN_ID}:xyz:1`],
    ["invalidFlags_empty", `${TRACE_ID}:${SPAN_ID}:0:`],
    ["invalidFlags_threeDigits", `${TRACE_ID}:${SPAN_ID}:0:001`],
    ["invalidFlags_nonHex", `${TRACE_ID}:${SPAN_ID}:0:0x`],
    ["invalid_threeFields", `${TRACE_ID}:${SPAN_ID}:1`],
    ["invalid_fiveFields", `${TRACE_ID}:${SPAN_ID}:0:1:1`],
    ["invalid_commaJoinedDuplicates", `${TRACE_ID}:${SPAN_ID}:0:1, ${TRACE_ID}:${SPAN_ID}:0:1`],
    ["invalid_malformedPercentEncoding", `${TRACE_ID}%3A${SPAN_ID}%3A0%3A1%E0%A4%A`],
    ["invalid_tooLong", `${TRACE_ID}:${SPAN_ID}:0:1${" ".repeat(300)}x`],
    ["invalid_empty", ""],
  ])("%s", (_name, value) => {
    expect(extract(value)).toBeUndefined();
  });
});

describe("uberctx-{key} baggage", () => {
  test("docs#baggage: uberctx-{key} headers become entries, values URL-decoded", () => {
    const headers = new Headers({
      "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:1`,
      "uberctx-user-id": "42",
      "uberctx-city": "S%C3%A3o%20Paulo",
      "x-other": "ignored",
    });
    const out = jaeger.extract(headerAccess(headers));
    expect(out?.context).toEqual(sampled);
    expect(out?.baggage).toEqual(baggageOf({ city: "São Paulo", "user-id": "42" }));
  });

  test("a record carrier lists its keys case-insensitively", () => {
    const record: HeaderRecord = { "Uberctx-Tenant": "acme", "UBER-TRACE-ID": "bad" };
    const out = jaeger.extract(headerAccess(record));
    expect(out).toEqual({ context: undefined, baggage: baggageOf({ tenant: "acme" }) });
  });

  test("a value that fails to decode drops only that entry", () => {
    const record = { "uberctx-good": "1", "uberctx-bad": "%E0%A4%A", "uberctx-": "x" };
    expect(jaeger.extract(headerAccess(record))?.baggage).toEqual(baggageOf({ good: "1" }));
  });

  test("a carrier without keys() yields no baggage, and no result without a context", () => {
    const access: HeaderAccess = {
      get: (name) => (name === "uberctx-a" ? "1" : undefined),
      set: () => {},
    };
    expect(jaeger.extract(access)).toBeUndefined();
  });

  test("inject writes uberctx-{key} with a percent-encoded value", () => {
    const ctx = { ...sampled, baggage: baggageOf({ city: "São Paulo", "a;b": "x" }) };
    expect(injected(ctx)).toEqual({
      "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:01`,
      "uberctx-city": "S%C3%A3o%20Paulo",
    });
  });

  test("a value that cannot be encoded (lone surrogate) is skipped, not thrown", () => {
    const ctx = { ...sampled, baggage: baggageOf({ a: "\uD800", b: "ok" }) };
    expect(injected(ctx)).toMatchObject({ "uberctx-b": "ok" });
    expect(injected(ctx)).not.toHaveProperty("uberctx-a");
  });
});

describe("issue #16: uberctx-* values nobody changed go out byte for byte", () => {
  const received = {
    "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:1`,
    "uberctx-odd": "1%2B1%3D2%2525",
    "uberctx-plus": " 1+1=2 ",
    "uberctx-pct": "%25%41",
    "uberctx-lower": "%c3%a9",
  };
  const asSent = { odd: "1%2B1%3D2%2525", plus: "1+1=2", pct: "%25%41", lower: "%c3%a9" };
  const sent = (baggage: Baggage): Record<string, string | undefined> => {
    const out = injected({ ...sampled, baggage });
    return Object.fromEntries(
      Object.entries(out)
        .filter(([name]) => name.startsWith("uberctx-"))
        .map(([name, value]) => [name.slice(8), value]),
    );
  };

  test("received values are written as they came (surrounding OWS aside)", () => {
    const baggage = jaeger.extract(headerAccess(received))!.baggage!;
    expect(baggage.get("odd")?.value).toBe("1+1=2%25");
    expect(sent(baggage)).toEqual(asSent);
  });

  test("adding, changing or deleting one entry re-encodes only that one", () => {
    const baggage = new Map<string, BaggageEntry>(jaeger.extract(headerAccess(received))!.baggage!);
    baggage.set("new", { value: "a b" });
    expect(sent(baggage)).toEqual({ ...asSent, new: "a%20b" });
    baggage.set("plus", { value: "2+2" });
    expect(sent(baggage)).toEqual({ ...asSent, plus: "2%2B2", new: "a%20b" });
    baggage.delete("odd");
    const { odd: _, ...rest } = asSent;
    expect(sent(baggage)).toEqual({ ...rest, plus: "2%2B2", new: "a%20b" });
  });

  test("a received value that is not visible ASCII without `,` is re-encoded", () => {
    const baggage = jaeger.extract(headerAccess({ "uberctx-a": "x,y", "uberctx-b": "é" }))!
      .baggage!;
    expect(sent(baggage)).toEqual({ a: "x%2Cy", b: "%C3%A9" });
  });

  test("a W3C baggage entry is encoded for Jaeger, and a Jaeger one for W3C", () => {
    const baggage = jaeger.extract(headerAccess({ "uberctx-a": "1+1" }))!.baggage!;
    expect(formatBaggage(baggage)).toBe("a=1+1");
    expect(sent(parseBaggage("a=1%2B1"))).toEqual({ a: "1%2B1" });
  });
});

describe("uber-trace-id inject", () => {
  test("docs: {32 hex}:{16 hex}:0:{flags as two hex digits}", () => {
    expect(injected(sampled)).toEqual({ "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:01` });
    expect(injected({ ...sampled, traceFlags: FLAG_RANDOM })).toEqual({
      "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:00`,
    });
  });

  test("a carried debug on a sampled span sets flag bit 2", () => {
    const ctx = { ...sampled, carried: { [JAEGER_DEBUG_CARRIED]: "1" } };
    expect(injected(ctx)).toEqual({ "uber-trace-id": `${TRACE_ID}:${SPAN_ID}:0:03` });
  });

  test.each([
    ["invalidTraceId_allZeros", { ...sampled, traceId: "0".repeat(32) }],
    ["invalidSpanId_short", { ...sampled, spanId: "abc" }],
  ])("an invalid context writes no uber-trace-id: %s", (_name, ctx) => {
    expect(injected(ctx)).toEqual({});
  });

  test("fields lists uber-trace-id; name is jaeger", () => {
    expect(jaeger.fields).toEqual(["uber-trace-id"]);
    expect(jaeger.name).toBe("jaeger");
  });
});

/** No lone surrogates: `encodeURIComponent` can encode it. */
function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

const hexId = (length: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
    .filter((s) => /[^0]/.test(s));

const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom("\0", "\r", "\n", "\uD800", "%", ":", "a", "0"),
    maxLength: 80,
  }),
);

const tokenKey = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_.!#$&'*+^`|~"),
  minLength: 1,
  maxLength: 20,
});

const injectContext = fc.record({
  traceId: hexId(32),
  spanId: hexId(16),
  traceFlags: fc.integer({ min: 0, max: 255 }),
  carried: fc.option(fc.dictionary(fc.constantFrom(JAEGER_DEBUG_CARRIED, "x"), fc.string()), {
    nil: undefined,
  }),
  baggage: fc
    .dictionary(fc.oneof(tokenKey, anyString), anyString, { maxKeys: 8 })
    .map((entries) => baggageOf(entries)),
});

const jaegerish = fc
  .array(fc.oneof(fc.constantFrom(":", "%3A", "0", "1", TRACE_ID, SPAN_ID), anyString), {
    maxLength: 10,
  })
  .map((parts) => parts.join(""));

describe("Jaeger properties (fast-check)", () => {
  test("extract never throws and returns only valid ids, on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, jaegerish), anyString, anyString, (value, key, bag) => {
        const record = { "uber-trace-id": value, [`uberctx-${key}`]: bag };
        const out = jaeger.extract(headerAccess(record));
        if (out?.context) {
          expect(out.context.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(out.context.spanId).toMatch(/^[0-9a-f]{16}$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("extract handles a 1 MB input (a super-linear parser would exceed the test timeout; npm run fuzz measures the growth)", () => {
    expect(extract(":".repeat(1_000_000))).toBeUndefined();
    expect(extract("%".repeat(1_000_000))).toBeUndefined();
  });

  test("round trip: inject then extract returns the same ids, sampled and token-keyed baggage", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        const headers = new Headers();
        jaeger.inject(ctx, headerAccess(headers));
        const out = jaeger.extract(headerAccess(headers));
        expect(out?.context).toMatchObject({
          traceId: ctx.traceId,
          spanId: ctx.spanId,
          sampled: (ctx.traceFlags & FLAG_SAMPLED) !== 0,
        });
        for (const [key, entry] of ctx.baggage) {
          if (!/^[a-z0-9\-_.!#$&'*+^`|~]+$/.test(key) || !isWellFormed(entry.value)) continue;
          expect(out?.baggage?.get(key)).toEqual({ value: entry.value });
        }
      }),
    );
  });

  test("every injected header is valid: accepted by Headers, re-extracts, no CR/LF/NUL", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        const record = injected(ctx);
        for (const [name, value = ""] of Object.entries(record)) {
          expect(`${name}${value}`).not.toMatch(/[\r\n\0]/);
          expect(() => new Headers({ [name]: value })).not.toThrow();
        }
        expect(extract(record["uber-trace-id"] ?? "")).toBeDefined();
      }),
    );
  });
});
