import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type HeaderRecord, headerAccess } from "../../../src/core/carrier.js";
import type { InjectContext, RemoteSpanContext } from "../../../src/core/propagator.js";
import { B3_DEBUG_CARRIED, b3Multi, b3Single } from "../../../src/core/vendor/b3.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../../../src/core/w3c/traceparent.js";

const TRACE_ID = "80f198ee56343ba864fe8b2a57d3eff7";
const TRACE_ID_64 = "a3ce929d0e0e4736";
const SPAN_ID = "e457b5a2e4d86bd1";
const PARENT_ID = "05e3ac9a4f6e3b90";

function single(value: string): RemoteSpanContext | undefined {
  return b3Single.extract(headerAccess({ b3: value }))?.context;
}

function multi(record: HeaderRecord): RemoteSpanContext | undefined {
  return b3Multi.extract(headerAccess(record))?.context;
}

function injected(
  propagator: typeof b3Single,
  ctx: InjectContext,
): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = {};
  propagator.inject(ctx, headerAccess(record));
  return record;
}

const sampledCtx: InjectContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED };

describe("b3 single header: valid vectors", () => {
  test.each([
    {
      name: "spec#single-header: 128-bit trace id, accept, parent",
      value: `${TRACE_ID}-${SPAN_ID}-1-${PARENT_ID}`,
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true },
    },
    {
      name: "spec#traceid-1: 64-bit trace id is left-padded to 32",
      value: `${TRACE_ID_64}-${SPAN_ID}-1`,
      expected: {
        traceId: `0000000000000000${TRACE_ID_64}`,
        spanId: SPAN_ID,
        traceFlags: FLAG_SAMPLED,
        sampled: true,
      },
    },
    {
      name: "spec#sampling-state-1: absent state is defer (sampled undefined)",
      value: `${TRACE_ID}-${SPAN_ID}`,
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: undefined },
    },
    {
      name: "spec#sampling-state-1: 0 is deny",
      value: `${TRACE_ID}-${SPAN_ID}-0`,
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: false },
    },
    {
      name: "spec#sampling-state-1: d is debug, which implies accept and is carried",
      value: `${TRACE_ID}-${SPAN_ID}-d`,
      expected: {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: FLAG_SAMPLED,
        sampled: true,
        carried: { [B3_DEBUG_CARRIED]: "1" },
      },
    },
    {
      name: "RFC 7230 OWS around the value is ignored",
      value: ` \t${TRACE_ID}-${SPAN_ID}-1 `,
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true },
    },
  ])("$name", ({ value, expected }) => {
    expect(single(value)).toEqual(expected);
  });

  test("spec#multiple-headers 'first value wins': repeated b3 headers use the first", () => {
    const headers = new Headers();
    headers.append("b3", `${TRACE_ID}-${SPAN_ID}-0`);
    headers.append("b3", `${TRACE_ID}-${PARENT_ID}-1`);
    expect(b3Single.extract(headerAccess(headers))?.context).toMatchObject({
      spanId: SPAN_ID,
      sampled: false,
    });
  });
});

describe("b3 single header: invalid vectors", () => {
  test.each([
    ["samplingOnly_deny (spec: b3: 0 carries no ids)", "0"],
    ["samplingOnly_accept", "1"],
    ["samplingOnly_debug", "d"],
    ["invalidTraceId_allZeros", `${"0".repeat(32)}-${SPAN_ID}-1`],
    ["invalidTraceId_allZeros64", `${"0".repeat(16)}-${SPAN_ID}-1`],
    ["invalidTraceId_uppercase (spec: lower-hex)", `${TRACE_ID.toUpperCase()}-${SPAN_ID}-1`],
    ["invalidTraceId_length20", `${TRACE_ID.slice(0, 20)}-${SPAN_ID}-1`],
    ["invalidTraceId_nonHex", `${TRACE_ID.slice(0, 31)}g-${SPAN_ID}-1`],
    ["invalidTraceId_empty", `-${SPAN_ID}-1`],
    ["invalidSpanId_allZeros", `${TRACE_ID}-${"0".repeat(16)}-1`],
    ["invalidSpanId_short", `${TRACE_ID}-${SPAN_ID.slice(1)}-1`],
    ["invalidSpanId_uppercase", `${TRACE_ID}-${SPAN_ID.toUpperCase()}-1`],
    ["invalidSamplingState_2", `${TRACE_ID}-${SPAN_ID}-2`],
    ["invalidSamplingState_uppercaseD", `${TRACE_ID}-${SPAN_ID}-D`],
    ["invalidSamplingState_true", `${TRACE_ID}-${SPAN_ID}-true`],
    ["invalidSamplingState_empty", `${TRACE_ID}-${SPAN_ID}-`],
    ["invalidParentSpanId_short", `${TRACE_ID}-${SPAN_ID}-1-${PARENT_ID.slice(1)}`],
    ["invalidParentSpanId_allZeros", `${TRACE_ID}-${SPAN_ID}-1-${"0".repeat(16)}`],
    ["invalid_tooManyFields", `${TRACE_ID}-${SPAN_ID}-1-${PARENT_ID}-1`],
    ["invalid_onlyTraceId", TRACE_ID],
    ["invalid_empty", ""],
    ["invalid_tooLong", `${TRACE_ID}-${SPAN_ID}-1-${PARENT_ID}${"a".repeat(10_000)}`],
  ])("%s", (_name, value) => {
    expect(single(value)).toBeUndefined();
  });

  test("no b3 header: no context", () => {
    expect(b3Single.extract(headerAccess({}))).toBeUndefined();
  });
});

describe("b3 multiple headers: valid vectors", () => {
  const base = { "X-B3-TraceId": TRACE_ID, "X-B3-SpanId": SPAN_ID };

  test.each([
    {
      name: "spec#multiple-headers: trace id, span id, X-B3-Sampled: 1",
      record: { ...base, "X-B3-Sampled": "1" },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true },
    },
    {
      name: "spec#traceid: 16 lower-hex trace id is left-padded to 32",
      record: { ...base, "X-B3-TraceId": TRACE_ID_64, "X-B3-Sampled": "0" },
      expected: {
        traceId: `0000000000000000${TRACE_ID_64}`,
        spanId: SPAN_ID,
        traceFlags: 0,
        sampled: false,
      },
    },
    {
      name: "spec#sampling-state: absent X-B3-Sampled is defer",
      record: base,
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: undefined },
    },
    {
      name: "spec#sampling-state: lenient 'true'",
      record: { ...base, "X-B3-Sampled": "true" },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true },
    },
    {
      name: "spec#sampling-state: lenient 'False'",
      record: { ...base, "X-B3-Sampled": "False" },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: false },
    },
    {
      name: "spec#debug-flag: X-B3-Flags: 1 is debug and implies accept",
      record: { ...base, "X-B3-Flags": "1" },
      expected: {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: FLAG_SAMPLED,
        sampled: true,
        carried: { [B3_DEBUG_CARRIED]: "1" },
      },
    },
    {
      name: "spec#debug-flag: debug wins over X-B3-Sampled: 0",
      record: { ...base, "X-B3-Flags": "1", "X-B3-Sampled": "0" },
      expected: {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: FLAG_SAMPLED,
        sampled: true,
        carried: { [B3_DEBUG_CARRIED]: "1" },
      },
    },
    {
      name: "spec#debug-flag: X-B3-Flags other than 1 is not debug",
      record: { ...base, "X-B3-Flags": "0", "X-B3-Sampled": "0" },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: false },
    },
    {
      name: "X-B3-ParentSpanId is ignored on extract, even when malformed",
      record: { ...base, "X-B3-ParentSpanId": "not-hex", "X-B3-Sampled": "1" },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: FLAG_SAMPLED, sampled: true },
    },
    {
      name: "spec#multiple-headers 'first value wins' for repeated headers",
      record: { ...base, "x-b3-sampled": ["0", "1"], "X-B3-SpanId": [SPAN_ID, PARENT_ID] },
      expected: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, sampled: false },
    },
  ])("$name", ({ record, expected }) => {
    expect(multi(record)).toEqual(expected);
  });
});

describe("b3 multiple headers: invalid vectors", () => {
  const base = { "x-b3-traceid": TRACE_ID, "x-b3-spanid": SPAN_ID, "x-b3-sampled": "1" };
  test.each([
    ["missingTraceId (spec: X-B3-TraceId is required)", { ...base, "x-b3-traceid": undefined }],
    ["missingSpanId (spec: X-B3-SpanId is required)", { ...base, "x-b3-spanid": undefined }],
    ["samplingOnly (spec: valid, but carries no ids)", { "x-b3-sampled": "0" }],
    ["invalidTraceId_allZeros", { ...base, "x-b3-traceid": "0".repeat(32) }],
    ["invalidTraceId_uppercase", { ...base, "x-b3-traceid": TRACE_ID.toUpperCase() }],
    ["invalidTraceId_length24", { ...base, "x-b3-traceid": TRACE_ID.slice(0, 24) }],
    ["invalidSpanId_allZeros", { ...base, "x-b3-spanid": "0".repeat(16) }],
    ["invalidSpanId_long", { ...base, "x-b3-spanid": `${SPAN_ID}0` }],
    ["invalidSampled_2", { ...base, "x-b3-sampled": "2" }],
    ["invalidSampled_yes", { ...base, "x-b3-sampled": "yes" }],
    ["invalidSampled_d (d is single-header only)", { ...base, "x-b3-sampled": "d" }],
  ])("%s", (_name, record) => {
    expect(multi(record)).toBeUndefined();
  });
});

describe("b3 inject", () => {
  test("single: writes lowercase `b3` as {TraceId}-{SpanId}-1, never a parent", () => {
    expect(injected(b3Single, sampledCtx)).toEqual({ b3: `${TRACE_ID}-${SPAN_ID}-1` });
  });

  test("single: not sampled is written as 0", () => {
    expect(injected(b3Single, { ...sampledCtx, traceFlags: 0 })).toEqual({
      b3: `${TRACE_ID}-${SPAN_ID}-0`,
    });
  });

  test("single: carried debug on a sampled span is written as d", () => {
    const ctx = { ...sampledCtx, carried: { [B3_DEBUG_CARRIED]: "1" } };
    expect(injected(b3Single, ctx)).toEqual({ b3: `${TRACE_ID}-${SPAN_ID}-d` });
  });

  test("single: carried debug on an unsampled span is written as 0 (debug implies accept)", () => {
    const ctx = { ...sampledCtx, traceFlags: 0, carried: { [B3_DEBUG_CARRIED]: "1" } };
    expect(injected(b3Single, ctx)).toEqual({ b3: `${TRACE_ID}-${SPAN_ID}-0` });
  });

  test("multi: writes lowercase names, X-B3-Sampled 1/0, never a parent", () => {
    expect(injected(b3Multi, sampledCtx)).toEqual({
      "x-b3-traceid": TRACE_ID,
      "x-b3-spanid": SPAN_ID,
      "x-b3-sampled": "1",
    });
    expect(injected(b3Multi, { ...sampledCtx, traceFlags: FLAG_RANDOM })).toMatchObject({
      "x-b3-sampled": "0",
    });
  });

  test("spec#debug-flag: debug is X-B3-Flags: 1 without X-B3-Sampled", () => {
    const ctx = { ...sampledCtx, carried: { [B3_DEBUG_CARRIED]: "1" } };
    expect(injected(b3Multi, ctx)).toEqual({
      "x-b3-traceid": TRACE_ID,
      "x-b3-spanid": SPAN_ID,
      "x-b3-flags": "1",
    });
  });

  test.each([
    ["invalidTraceId_allZeros", { ...sampledCtx, traceId: "0".repeat(32) }],
    ["invalidSpanId_uppercase", { ...sampledCtx, spanId: SPAN_ID.toUpperCase() }],
    ["invalidTraceId_64bit", { ...sampledCtx, traceId: TRACE_ID_64 }],
  ])("an invalid context writes nothing: %s", (_name, ctx) => {
    expect(injected(b3Single, ctx)).toEqual({});
    expect(injected(b3Multi, ctx)).toEqual({});
  });

  test("fields lists exactly the header names written", () => {
    const debug = { ...sampledCtx, carried: { [B3_DEBUG_CARRIED]: "1" } };
    const written = new Set([
      ...Object.keys(injected(b3Multi, sampledCtx)),
      ...Object.keys(injected(b3Multi, debug)),
    ]);
    expect([...written].sort()).toEqual([...b3Multi.fields].sort());
    expect(Object.keys(injected(b3Single, sampledCtx))).toEqual([...b3Single.fields]);
    expect(b3Single.name).toBe("b3");
    expect(b3Multi.name).toBe("b3multi");
  });
});

const hexId = (length: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
    .filter((s) => /[^0]/.test(s));

const injectContext: fc.Arbitrary<InjectContext> = fc.record({
  traceId: hexId(32),
  spanId: hexId(16),
  traceFlags: fc.integer({ min: 0, max: 255 }),
  carried: fc.option(fc.dictionary(fc.constantFrom(B3_DEBUG_CARRIED, "x"), fc.string()), {
    nil: undefined,
  }),
});

/** Strings near the b3 grammar, so the properties reach past the first check. */
const b3ish = fc
  .array(
    fc.oneof(
      fc.constantFrom("-", "0", "1", "d", ",", " ", "\t", TRACE_ID, TRACE_ID_64, SPAN_ID),
      fc.string({ unit: "binary", maxLength: 20 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom("\0", "\r", "\n", "\u2028", "\uD800", "a", "-"),
    maxLength: 80,
  }),
  b3ish,
);

describe("b3 properties (fast-check)", () => {
  test("extract never throws and returns only valid ids, on arbitrary strings", () => {
    fc.assert(
      fc.property(anyString, anyString, anyString, anyString, (b3, trace, span, sampled) => {
        const record = { b3, "x-b3-traceid": trace, "x-b3-spanid": span, "x-b3-sampled": sampled };
        for (const propagator of [b3Single, b3Multi]) {
          const ctx = propagator.extract(headerAccess(record))?.context;
          if (ctx) {
            expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
            expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  test("extract handles a 1 MB input (a super-linear parser would exceed the test timeout; npm run fuzz measures the growth)", () => {
    const long = `${"-".repeat(500_000)}${"a".repeat(500_000)}`;
    expect(single(long)).toBeUndefined();
    expect(multi({ "x-b3-traceid": long, "x-b3-spanid": long })).toBeUndefined();
  });

  test("round trip: inject then extract returns the same traceId, spanId and sampled", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        for (const propagator of [b3Single, b3Multi]) {
          const headers = new Headers();
          propagator.inject(ctx, headerAccess(headers));
          const out = propagator.extract(headerAccess(headers))?.context;
          expect(out).toMatchObject({
            traceId: ctx.traceId,
            spanId: ctx.spanId,
            sampled: (ctx.traceFlags & FLAG_SAMPLED) !== 0,
          });
        }
      }),
    );
  });

  test("every injected header value is valid: re-extracts, no CR/LF/NUL", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        for (const propagator of [b3Single, b3Multi]) {
          const record: Record<string, string> = {};
          propagator.inject(ctx, headerAccess(record));
          for (const value of Object.values(record)) expect(value).not.toMatch(/[\r\n\0]/);
          expect(propagator.extract(headerAccess(record))?.context).toBeDefined();
        }
      }),
    );
  });
});
