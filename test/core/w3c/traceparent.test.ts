import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FLAG_RANDOM,
  FLAG_SAMPLED,
  formatTraceparent,
  parseTraceparent,
} from "../../../src/core/w3c/traceparent.js";

const TRACE_ID = "12345678901234567890123456789012";
const SPAN_ID = "1234567890123456";
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

// Vectors follow the W3C trace-context test suite (test/test.py) and
// https://www.w3.org/TR/trace-context-2/#traceparent-header-field-values.
const valid: [string, string, number][] = [
  ["version00_sampled", VALID, FLAG_SAMPLED],
  ["version00_notSampled", `00-${TRACE_ID}-${SPAN_ID}-00`, 0],
  ["level2_randomFlag", `00-${TRACE_ID}-${SPAN_ID}-03`, FLAG_SAMPLED | FLAG_RANDOM],
  ["unknownFlags_dropped", `00-${TRACE_ID}-${SPAN_ID}-ff`, FLAG_SAMPLED | FLAG_RANDOM],
  ["futureVersion_exact55", `cc-${TRACE_ID}-${SPAN_ID}-01`, FLAG_SAMPLED],
  ["futureVersion_extraFields", `cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like`, 1],
  ["ows_leadingSpace", ` ${VALID}`, FLAG_SAMPLED],
  ["ows_leadingTab", `\t${VALID}`, FLAG_SAMPLED],
  ["ows_trailingSpace", `${VALID} `, FLAG_SAMPLED],
  ["ows_trailingTab", `${VALID}\t`, FLAG_SAMPLED],
  ["ows_both", `\t ${VALID} \t`, FLAG_SAMPLED],
];

const invalid: [string, string][] = [
  ["version00_trailingDot", `${VALID}.`],
  ["version00_extraFields", `${VALID}-what-the-future-will-be-like`],
  ["futureVersion_noDashAfter55", `cc-${TRACE_ID}-${SPAN_ID}-01.what-the-future-will-be-like`],
  ["versionFF", `ff-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_illegalChar1", `.0-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_illegalChar2", `0.-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_uppercase", `0A-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_tooLong3", `000-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_tooLong4", `0000-${TRACE_ID}-${SPAN_ID}-01`],
  ["version_tooShort", `0-${TRACE_ID}-${SPAN_ID}-01`],
  ["traceId_allZeros", `00-${"0".repeat(32)}-${SPAN_ID}-01`],
  ["traceId_illegalCharStart", `00-.2345678901234567890123456789012-${SPAN_ID}-01`],
  ["traceId_illegalCharEnd", `00-1234567890123456789012345678901.-${SPAN_ID}-01`],
  ["traceId_uppercase", `00-ABCDEF78901234567890123456789012-${SPAN_ID}-01`],
  ["traceId_mixedCase", `00-aBcdef78901234567890123456789012-${SPAN_ID}-01`],
  ["traceId_tooLong", `00-${TRACE_ID}3-${SPAN_ID}-01`],
  ["traceId_tooShort", `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
  ["spanId_allZeros", `00-${TRACE_ID}-${"0".repeat(16)}-01`],
  ["spanId_illegalCharStart", `00-${TRACE_ID}-.234567890123456-01`],
  ["spanId_illegalCharEnd", `00-${TRACE_ID}-123456789012345.-01`],
  ["spanId_uppercase", `00-${TRACE_ID}-ABCDEF7890123456-01`],
  ["spanId_tooLong", `00-${TRACE_ID}-${SPAN_ID}7-01`],
  ["spanId_tooShort", `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
  ["flags_illegalChar1", `00-${TRACE_ID}-${SPAN_ID}-.0`],
  ["flags_illegalChar2", `00-${TRACE_ID}-${SPAN_ID}-0.`],
  ["flags_uppercase", `00-${TRACE_ID}-${SPAN_ID}-0A`],
  ["flags_tooLong", `00-${TRACE_ID}-${SPAN_ID}-001`],
  ["flags_tooShort", `00-${TRACE_ID}-${SPAN_ID}-1`],
  ["duplicatedHeaders_commaJoined", `${VALID}, 00-${"a".repeat(32)}-${SPAN_ID}-01`],
  ["wrongSeparator", `00_${TRACE_ID}_${SPAN_ID}_01`],
  ["innerWhitespace", `00- ${TRACE_ID}-${SPAN_ID}-01`],
  ["empty", ""],
  ["onlyWhitespace", "   "],
  ["newlineNotOws", `\n${VALID}`],
];

describe("traceparent §3.2 header field values: valid vectors", () => {
  it.each(valid)("%s", (_name, header, flags) => {
    expect(parseTraceparent(header)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: flags,
    });
  });
});

describe("traceparent §3.2 header field values: invalid vectors are rejected", () => {
  it.each(invalid)("%s", (_name, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it("non-string input is rejected", () => {
    expect(parseTraceparent(undefined)).toBeUndefined();
    expect(parseTraceparent(null)).toBeUndefined();
  });
});

describe("traceparent §3.2.2.5 trace-flags on output", () => {
  it("always writes version 00 and two hex digits", () => {
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 })).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-00`,
    );
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 3 })).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-03`,
    );
  });

  it("never re-emits unknown flag bits (ff becomes 03, not 0ff)", () => {
    const parsed = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-ff`)!;
    expect(formatTraceparent(parsed)).toBe(`00-${TRACE_ID}-${SPAN_ID}-03`);
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0x1f5 })).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-01`,
    );
  });

  it("a future version is re-emitted as version 00 with the same ids", () => {
    const parsed = parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01-extra`)!;
    expect(formatTraceparent(parsed)).toBe(VALID);
  });
});

const hexId = (length: number) =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
    .filter((s) => /[1-9a-f]/.test(s));

describe("traceparent properties", () => {
  it("never throws on arbitrary strings, including huge and unicode ones", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme", maxLength: 200 })), (s) => {
        parseTraceparent(s);
      }),
    );
    parseTraceparent("0".repeat(100_000));
  });

  it("format(parse(x)) is always a valid version-00 header", () => {
    const nearValid = fc
      .tuple(fc.string({ maxLength: 3 }), hexId(32), hexId(16), fc.string({ maxLength: 4 }))
      .map(([v, t, s, f]) => `${v}-${t}-${s}-${f}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearValid), (s) => {
        const parsed = parseTraceparent(s);
        if (!parsed) return;
        const out = formatTraceparent(parsed);
        expect(out).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/);
        expect(parseTraceparent(out)).toEqual(parsed);
      }),
    );
  });

  it("parse(format(v)) equals v for generated valid contexts", () => {
    fc.assert(
      fc.property(
        hexId(32),
        hexId(16),
        fc.integer({ min: 0, max: 3 }),
        (traceId, spanId, flags) => {
          const ctx = { traceId, spanId, traceFlags: flags };
          expect(parseTraceparent(formatTraceparent(ctx))).toEqual(ctx);
        },
      ),
    );
  });
});
