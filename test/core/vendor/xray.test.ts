import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { headerAccess } from "../../../src/core/carrier.js";
import type { InjectContext } from "../../../src/core/propagator.js";
import {
  awsXray,
  formatXrayHeader,
  parseXrayHeader,
  XRAY_LINEAGE_CARRIED,
} from "../../../src/core/vendor/xray.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../../../src/core/w3c/traceparent.js";

// The example of https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
const ROOT = "1-5759e988-bd862e3fe1be46a994272793";
const TRACE_ID = "5759e988bd862e3fe1be46a994272793";
const PARENT = "53995c3f42cd8ad8";
const HEADER = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
const LINEAGE = "a87bd80c:1|68fd508a:5";

const sampled = { traceId: TRACE_ID, spanId: PARENT, traceFlags: FLAG_SAMPLED, sampled: true };

function injected(ctx: InjectContext): Record<string, string | undefined> {
  const record: Record<string, string | undefined> = {};
  awsXray.inject(ctx, headerAccess(record));
  return record;
}

describe("X-Ray tracing header: valid vectors", () => {
  test.each([
    { name: "docs#tracingheader: Root, Parent, Sampled=1", value: HEADER, expected: sampled },
    {
      name: "docs#tracingheader: Sampled=0 is not sampled",
      value: `Root=${ROOT};Parent=${PARENT};Sampled=0`,
      expected: { ...sampled, traceFlags: 0, sampled: false },
    },
    {
      name: "no Sampled is no decision (sampled undefined), not invalid",
      value: `Root=${ROOT};Parent=${PARENT}`,
      expected: { ...sampled, traceFlags: 0, sampled: undefined },
    },
    {
      name: "Sampled=? (decision requested downstream) is no decision",
      value: `Root=${ROOT};Parent=${PARENT};Sampled=?`,
      expected: { ...sampled, traceFlags: 0, sampled: undefined },
    },
    {
      name: "key order may vary",
      value: `Sampled=1;Parent=${PARENT};Root=${ROOT}`,
      expected: sampled,
    },
    {
      name: "RFC 7230 OWS around ';' and '=' is tolerated",
      value: ` Root = ${ROOT} ;\tParent=\t${PARENT} ; Sampled =1 `,
      expected: sampled,
    },
    {
      name: "keys match case-insensitively, as in aws-xray-sdk-node processTraceData",
      value: `root=${ROOT};PARENT=${PARENT};sampled=1`,
      expected: sampled,
    },
    {
      name: "ALB Self and custom fields are ignored (ALB request-tracing docs)",
      value: `Self=1-67891233-12456789abcdef012345678;${HEADER};CalledFrom=app`,
      expected: sampled,
    },
    {
      name: "empty parts and parts without '=' are ignored",
      value: `;${HEADER};;junk;`,
      expected: sampled,
    },
    {
      name: "Lineage is carried unchanged",
      value: `${HEADER};Lineage=${LINEAGE}`,
      expected: { ...sampled, carried: { [XRAY_LINEAGE_CARRIED]: LINEAGE } },
    },
  ])("$name", ({ value, expected }) => {
    expect(parseXrayHeader(value)).toEqual(expected);
    expect(awsXray.extract(headerAccess({ "X-Amzn-Trace-Id": value }))).toEqual({
      context: expected,
    });
  });

  test.each([
    ["a repeated Lineage", `${HEADER};Lineage=${LINEAGE};Lineage=b:1`],
    ["a Lineage with a comma", `${HEADER};Lineage=a:1,b:2`],
    ["a Lineage with an inner space", `${HEADER};Lineage=a:1 b:2`],
    ["an empty Lineage", `${HEADER};Lineage=`],
    ["a Lineage over 256 chars", `${HEADER};Lineage=${"a".repeat(257)}`],
  ])("the context is kept but Lineage dropped for %s", (_name, value) => {
    expect(parseXrayHeader(value)).toEqual(sampled);
  });
});

describe("X-Ray tracing header: invalid vectors", () => {
  test.each([
    [
      "missingParent (Root alone cannot be a parent; as OTel AWSXRayPropagator)",
      `Root=${ROOT};Sampled=1`,
    ],
    ["missingRoot", `Parent=${PARENT};Sampled=1`],
    ["invalidRoot_version2", `Root=2${ROOT.slice(1)};Parent=${PARENT};Sampled=1`],
    ["invalidRoot_noDashes", `Root=1${TRACE_ID}xx;Parent=${PARENT};Sampled=1`],
    ["invalidRoot_shortEpoch", `Root=1-759e988-bd862e3fe1be46a994272793;Parent=${PARENT}`],
    ["invalidRoot_uppercase", `Root=${ROOT.toUpperCase()};Parent=${PARENT};Sampled=1`],
    ["invalidTraceId_allZeros", `Root=1-00000000-${"0".repeat(24)};Parent=${PARENT}`],
    ["invalidRoot_nonHex", `Root=1-5759e988-bd862e3fe1be46a99427279z;Parent=${PARENT}`],
    ["invalidParent_allZeros", `Root=${ROOT};Parent=${"0".repeat(16)};Sampled=1`],
    ["invalidParent_uppercase", `Root=${ROOT};Parent=${PARENT.toUpperCase()};Sampled=1`],
    ["invalidParent_short", `Root=${ROOT};Parent=${PARENT.slice(1)};Sampled=1`],
    ["invalidSampled_2", `Root=${ROOT};Parent=${PARENT};Sampled=2`],
    ["invalidSampled_true", `Root=${ROOT};Parent=${PARENT};Sampled=true`],
    ["invalidSampled_empty", `Root=${ROOT};Parent=${PARENT};Sampled=`],
    ["repeatedRoot", `Root=${ROOT};${HEADER}`],
    ["repeatedParent", `${HEADER};Parent=${PARENT}`],
    ["commaJoinedDuplicateHeaders", `${HEADER}, ${HEADER}`],
    ["empty", ""],
  ])("%s", (_name, value) => {
    expect(parseXrayHeader(value)).toBeUndefined();
    expect(awsXray.extract(headerAccess({ "x-amzn-trace-id": value }))).toBeUndefined();
  });

  test("no header, null and non-strings: no context", () => {
    expect(awsXray.extract(headerAccess({}))).toBeUndefined();
    expect(parseXrayHeader(null)).toBeUndefined();
    expect(parseXrayHeader(undefined)).toBeUndefined();
  });
});

describe("X-Ray inject and format", () => {
  test("docs#tracingheader: Root=1-{8 hex}-{24 hex};Parent={spanId};Sampled=1", () => {
    expect(injected(sampled)).toEqual({ "x-amzn-trace-id": HEADER });
  });

  test("not sampled is Sampled=0; unknown flag bits are ignored", () => {
    expect(formatXrayHeader({ ...sampled, traceFlags: FLAG_RANDOM })).toBe(
      `Root=${ROOT};Parent=${PARENT};Sampled=0`,
    );
  });

  test("a carried Lineage is re-emitted unchanged", () => {
    const ctx = { ...sampled, carried: { [XRAY_LINEAGE_CARRIED]: LINEAGE } };
    expect(formatXrayHeader(ctx)).toBe(`${HEADER};Lineage=${LINEAGE}`);
  });

  test.each([
    ["a CRLF", "a:1\r\nx-evil: 1"],
    ["a ';'", "a:1;Root=1-00000000-000000000000000000000001"],
    ["an empty string", ""],
  ])("a carried Lineage with %s is not emitted", (_name, lineage) => {
    const ctx = { ...sampled, carried: { [XRAY_LINEAGE_CARRIED]: lineage } };
    expect(formatXrayHeader(ctx)).toBe(HEADER);
  });

  test.each([
    ["invalidTraceId_allZeros", { ...sampled, traceId: "0".repeat(32) }],
    ["invalidSpanId_short", { ...sampled, spanId: "abc" }],
  ])("an invalid context writes nothing: %s", (_name, ctx) => {
    expect(injected(ctx)).toEqual({});
  });

  test("fields lists the header written; name is xray", () => {
    expect(Object.keys(injected(sampled))).toEqual([...awsXray.fields]);
    expect(awsXray.name).toBe("xray");
  });

  test("parse(format(ctx)) returns ctx, including Lineage (Lambda _X_AMZN_TRACE_ID use)", () => {
    const ctx = { ...sampled, carried: { [XRAY_LINEAGE_CARRIED]: LINEAGE } };
    expect(parseXrayHeader(formatXrayHeader(ctx))).toEqual(ctx);
  });
});

const hexId = (length: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
    .filter((s) => /[^0]/.test(s));

const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom("\0", "\r", "\n", "\uD800", ";", "=", ",", " "),
    maxLength: 80,
  }),
);

const injectContext: fc.Arbitrary<InjectContext> = fc.record({
  traceId: hexId(32),
  spanId: hexId(16),
  traceFlags: fc.integer({ min: 0, max: 255 }),
  carried: fc.option(fc.dictionary(fc.constantFrom(XRAY_LINEAGE_CARRIED, "x"), anyString), {
    nil: undefined,
  }),
});

/** Strings near the X-Ray grammar, so the properties reach past the first check. */
const xrayish = fc
  .array(
    fc.oneof(
      fc.constantFrom("Root=", "Parent=", "Sampled=", "Lineage=", ";", "=", " ", ROOT, PARENT, "1"),
      anyString,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("X-Ray properties (fast-check)", () => {
  test("parse never throws and returns only valid ids, on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xrayish), (value) => {
        const ctx = parseXrayHeader(value);
        if (ctx) {
          expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(formatXrayHeader(ctx)).not.toMatch(/[\r\n\0]/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("parse handles a 1 MB input (a super-linear parser would exceed the test timeout; npm run fuzz measures the growth)", () => {
    const long = `${"a=;".repeat(300_000)}${HEADER}`;
    expect(parseXrayHeader(long)).toEqual(sampled);
    expect(parseXrayHeader(";".repeat(1_000_000))).toBeUndefined();
  });

  test("round trip: inject then extract returns the same traceId, spanId and sampled", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        const headers = new Headers();
        awsXray.inject(ctx, headerAccess(headers));
        expect(awsXray.extract(headerAccess(headers))?.context).toMatchObject({
          traceId: ctx.traceId,
          spanId: ctx.spanId,
          sampled: (ctx.traceFlags & FLAG_SAMPLED) !== 0,
        });
      }),
    );
  });

  test("every injected header value is valid: re-extracts, no CR/LF/NUL", () => {
    fc.assert(
      fc.property(injectContext, (ctx) => {
        const record = injected(ctx);
        const value = record["x-amzn-trace-id"] ?? "";
        expect(value).not.toMatch(/[\r\n\0]/);
        expect(() => new Headers({ "x-amzn-trace-id": value })).not.toThrow();
        expect(parseXrayHeader(value)).toBeDefined();
      }),
    );
  });
});
