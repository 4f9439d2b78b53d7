/**
 * Valid headers of each format: what the mutations of ./arbitraries.ts
 * start from, so that hostile inputs stay near the grammar.
 * @module
 */
import fc from "fast-check";
import { anyString, CONTROL, mutated, PERCENT, UNICODE } from "./arbitraries.js";

const HEX = [..."0123456789abcdef"];
const LCALPHA = [..."abcdefghijklmnopqrstuvwxyz"];
const DIGITS = [..."0123456789"];

/** `length` lowercase hex digits; rarely all zero (the forbidden id). */
export function hex(length: number): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length }),
      weight: 30,
    },
    { arbitrary: fc.constant("0".repeat(length)), weight: 1 },
  );
}

/** 1..max hex digits (Jaeger's variable-length ids). */
function hexUpTo(max: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...HEX), minLength: 1, maxLength: max });
}

const flags = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));

/** `traceparent`: version 00, or a future version with or without extra fields. */
export const traceparentSeed: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.constant("00"), weight: 6 },
      { arbitrary: fc.constantFrom("01", "cc", "fe", "ff"), weight: 1 },
    ),
    hex(32),
    hex(16),
    flags,
    fc.option(fc.string({ unit: fc.constantFrom(...HEX, "-"), maxLength: 20 }), { nil: undefined }),
  )
  .map(
    ([v, t, s, f, extra]) =>
      `${v}-${t}-${s}-${f}${v !== "00" && extra !== undefined ? `-${extra}` : ""}`,
  );

const tracestateKey = fc
  .tuple(
    fc.constantFrom(...LCALPHA, ...DIGITS),
    fc.string({
      unit: fc.constantFrom(...LCALPHA, ...DIGITS, "_", "-", "*", "/", "@"),
      maxLength: 12,
    }),
  )
  .map(([a, b]) => a + b);
const tracestateChr = fc.constantFrom(...'abcXYZ019 !"#+-./:<>?@[\\]^_`{|}~');
const tracestateValue = fc
  .tuple(fc.string({ unit: tracestateChr, maxLength: 16 }), fc.constantFrom(..."aZ9!~+/"))
  .map(([a, b]) => a + b);

/** `tracestate`: 0 to 40 members (over 32 now and then), with OWS after some commas. */
export const tracestateSeed: fc.Arbitrary<string> = fc
  .array(fc.tuple(tracestateKey, tracestateValue, fc.constantFrom(",", ", ", ",\t", " , ")), {
    maxLength: 40,
  })
  .map((members) => members.map(([k, v, sep], i) => `${i === 0 ? "" : sep}${k}=${v}`).join(""));

const TCHARS = [..."!#$%&'*+-.^_`|~", ...DIGITS, ...LCALPHA, ..."ABCXYZ"];
const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 10 });
const baggageOctets = [..."!#$&'()*+-./:<=>?@[]^_`{|}~", ...DIGITS, ..."abcXYZ"];
const baggageValue = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...baggageOctets), weight: 8 },
      {
        arbitrary: fc.constantFrom("%20", "%2C", "%3B", "%25", "%C3%A9", "%F0%9F%98%80"),
        weight: 1,
      },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const ows = fc.constantFrom("", "", " ", "\t");
const baggageProperty = fc
  .tuple(ows, token, fc.option(baggageValue, { nil: undefined }))
  .map(([w, k, v]) => `;${w}${k}${v === undefined ? "" : `=${v}`}`);

/** `baggage`: members with OWS, percent-encoded values and properties. */
export const baggageSeed: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(ows, token, ows, baggageValue, fc.array(baggageProperty, { maxLength: 2 }), ows)
      .map(([a, k, b, v, props, c]) => `${a}${k}${b}=${b}${v}${props.join("")}${c}`),
    { minLength: 1, maxLength: 8 },
  )
  .map((members) => members.join(","));

/** The single `b3` header: ids with optional sampling state and parent, or a bare decision. */
export const b3SingleSeed: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.oneof(hex(32), hex(16)),
        hex(16),
        fc.option(fc.constantFrom("1", "0", "d"), { nil: undefined }),
        fc.option(hex(16), { nil: undefined }),
      )
      .map(([t, s, state, parent]) =>
        [t, s, ...(state === undefined ? [] : [state]), ...(state && parent ? [parent] : [])].join(
          "-",
        ),
      ),
    weight: 8,
  },
  { arbitrary: fc.constantFrom("0", "1", "d"), weight: 1 },
);

/** One `X-B3-*` header value, by header name. */
export const b3MultiSeeds: Readonly<Record<string, fc.Arbitrary<string>>> = {
  "x-b3-traceid": fc.oneof(hex(32), hex(16)),
  "x-b3-spanid": hex(16),
  "x-b3-parentspanid": hex(16),
  "x-b3-sampled": fc.constantFrom("1", "0", "true", "false", "True", "FALSE"),
  "x-b3-flags": fc.constantFrom("1", "0"),
};

const xrayField = fc.oneof(
  hex(32).map((t) => ["Root", `1-${t.slice(0, 8)}-${t.slice(8)}`] as const),
  hex(16).map((s) => ["Parent", s] as const),
  fc.constantFrom("1", "0", "?").map((s) => ["Sampled", s] as const),
  fc
    .string({ unit: fc.constantFrom(..."abc0123456789:-"), minLength: 1, maxLength: 30 })
    .map((l) => ["Lineage", l] as const),
  hex(32).map((t) => ["Self", `1-${t.slice(0, 8)}-${t.slice(8)}`] as const),
  fc.tuple(token, token).map(([k, v]) => [k, v] as const),
);

/** `X-Amzn-Trace-Id`: Root, Parent and Sampled in any order and key case, plus Lineage, Self and custom fields. */
export const xraySeed: fc.Arbitrary<string> = fc
  .tuple(
    hex(32),
    hex(16),
    fc.option(fc.constantFrom("1", "0", "?"), { nil: undefined }),
    fc.array(xrayField, { maxLength: 3 }),
    fc.constantFrom("Root", "root", "ROOT"),
    fc.constantFrom(";", "; ", " ;\t"),
  )
  .chain(([t, s, sampled, extra, rootKey, sep]) => {
    const fields: (readonly [string, string])[] = [
      [rootKey, `1-${t.slice(0, 8)}-${t.slice(8)}`],
      ["Parent", s],
      ...(sampled === undefined ? [] : [["Sampled", sampled] as const]),
      ...extra,
    ];
    return fc
      .shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length })
      .map((shuffled) => shuffled.map(([k, v]) => `${k}=${v}`).join(sep));
  });

/** Jaeger `uber-trace-id`: variable-length ids, one- or two-digit flags, sometimes URL-encoded. */
export const jaegerSeed: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(hex(32), hexUpTo(32)),
    fc.oneof(hex(16), hexUpTo(16)),
    fc.oneof(fc.constant("0"), hexUpTo(16)),
    fc.oneof(flags, fc.constantFrom(..."0123f")),
    fc.constantFrom("plain", "plain", "%3A", "%3a", "all"),
  )
  .map(([t, s, p, f, encoding]) => {
    const value = `${t}:${s}:${p}:${f}`;
    if (encoding === "plain") return value;
    if (encoding === "all")
      return [...value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("");
    return value.replaceAll(":", encoding);
  });

/** A Jaeger `uberctx-{key}` baggage value: URL-encoded text. */
export const jaegerBaggageSeed: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...' !"#%&+,-./09:;<=>?@AZ[\\]^_`az{|}~'), maxLength: 12 })
  .map((s) => encodeURIComponent(s));

/** A baggage key as a caller of `trace.setBaggage` might pass it: tokens, and not. */
export const baggageKeyInput: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: token, weight: 4 },
  { arbitrary: mutated(token).map((m) => m.value), weight: 3 },
);

/** A baggage value as a caller of `trace.setBaggage` might pass it: any UTF-16, controls and all. */
export const baggageValueInput: fc.Arbitrary<string> = fc.oneof(
  anyString(20),
  fc.string({
    unit: fc.constantFrom(...CONTROL, ...UNICODE, ...PERCENT, "a", "=", ",", ";"),
    maxLength: 10,
  }),
  baggageValue,
);

export { token as tokenArb };
