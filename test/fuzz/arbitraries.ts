/**
 * Hostile header inputs for the fuzz properties: mutations applied to
 * valid seeds (./seeds.ts). Mutations are plain data applied by
 * {@link applyMutation}, so a failing case prints as something readable
 * (`{ kind: "insert", at: 3, text: "\r\n" }`) and shrinks.
 * @module
 */
import fc from "fast-check";

/** One edit of a header value. Positions are taken modulo the length. */
export type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly bit: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "drop"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate"; readonly separator: string }
  | {
      readonly kind: "repeat";
      readonly at: number;
      readonly length: number;
      readonly times: number;
    }
  | { readonly kind: "case"; readonly mode: CaseMode; readonly at: number; readonly length: number }
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "replace"; readonly at: number; readonly text: string }
  | { readonly kind: "grow"; readonly at: number; readonly length: number; readonly size: number };

type CaseMode = "upper" | "lower" | "toggle";

/** Non-ASCII text: Latin-1, beyond Latin-1 (which `Headers.set` refuses), astral, lone surrogates, case-folding traps. */
export const UNICODE: readonly string[] = [
  "é",
  "ÿ",
  "\u0100",
  "€",
  "😀",
  "\ud800",
  "\udfff",
  "\u2028",
  "\ufeff",
  "\u00a0",
  "\u0085",
  "\u212a", // KELVIN SIGN: lowercases to ASCII "k"
  "\u0130", // İ: lowercases to two chars
  "ß", // uppercases to "SS"
  "\uff10", // fullwidth 0
  "\u0663", // Arabic-Indic 3
  "\uff41", // fullwidth a
];

/** Control characters, CR/LF/NUL/DEL first: the ones that split or end a header line. */
export const CONTROL: readonly string[] = [
  "\r",
  "\n",
  "\r\n",
  "\0",
  "\x7f",
  "\t",
  "\v",
  "\f",
  "\x1b",
  "\x01",
  "\x80",
  "\x9f",
];

/** `%` sequences: bare, bad hex, truncated and invalid UTF-8, encoded delimiters and controls. */
export const PERCENT: readonly string[] = [
  "%",
  "%%",
  "%2",
  "%Z",
  "%ZZ",
  "%C3",
  "%FF%FE",
  "%C0%AF", // overlong "/"
  "%ED%A0%80", // lone surrogate U+D800 in UTF-8
  "%F0%9F%98%80",
  "%e9",
  "%0D%0A",
  "%00",
  "%25",
  "%2C",
  "%3B",
  "%3D",
  "%3A",
  "%2d",
];

/** The formats' own delimiters and a few valid characters, to make near-misses. */
export const DELIMITERS: readonly string[] = [
  "-",
  ",",
  ", ",
  ",,",
  ";",
  "=",
  "==",
  ":",
  " ",
  "\t",
  "0",
  "f",
  "F",
  "d",
  "@",
  "/",
  "*",
];

/** 64 KiB: the size a hostile header is grown to by repetition. */
export const LARGE = 64 * 1024;

const position = fc.nat({ max: 1 << 16 });

/**
 * Any UTF-16 code unit or code point. Built from integers because
 * `fc.string({ unit: "binary" })` spends seconds indexing all of Unicode
 * when the module loads.
 */
const anyChar = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
);

/** A string of any code units, lone surrogates included. */
export function anyString(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.array(anyChar, { minLength, maxLength }).map((cs) => cs.join(""));
}
const insertText = fc.oneof(
  { arbitrary: fc.constantFrom(...CONTROL), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE), weight: 3 },
  { arbitrary: fc.constantFrom(...PERCENT), weight: 3 },
  { arbitrary: fc.constantFrom(...DELIMITERS), weight: 4 },
  { arbitrary: anyString(4, 1), weight: 1 },
);

/** Every mutation except growth to 64 KiB (see {@link grown}). */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip"), at: position, bit: fc.nat({ max: 15 }) }),
  fc.record({ kind: fc.constant("truncate"), at: position }),
  fc.record({ kind: fc.constant("drop"), at: position, length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant("duplicate"),
    separator: fc.constantFrom(",", ", ", ",,", " , ", "\t,", ";", ""),
  }),
  fc.record({
    kind: fc.constant("repeat"),
    at: position,
    length: fc.integer({ min: 1, max: 8 }),
    times: fc.integer({ min: 2, max: 40 }),
  }),
  fc.record({
    kind: fc.constant("case"),
    mode: fc.constantFrom<CaseMode>("upper", "lower", "toggle"),
    at: position,
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ kind: fc.constant("insert"), at: position, text: insertText }),
  fc.record({ kind: fc.constant("insert"), at: position, text: insertText }),
  fc.record({ kind: fc.constant("replace"), at: position, text: insertText }),
) as fc.Arbitrary<Mutation>;

/** Growth of a slice, by repetition, until the value is at least `size` long. */
export const growth: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant("grow" as const),
  at: position,
  length: fc.integer({ min: 1, max: 12 }),
  size: fc.constantFrom(LARGE, LARGE + 1, LARGE - 1),
});

/**
 * Applies one mutation; pure, so a shrunk counterexample replays exactly.
 * @param value - the header value.
 * @param m - the mutation.
 * @returns the mutated value.
 */
export function applyMutation(value: string, m: Mutation): string {
  const at = m.kind === "duplicate" ? 0 : m.at % (value.length + 1);
  switch (m.kind) {
    case "flip": {
      if (value.length === 0) return value;
      const i = at % value.length;
      const c = value.charCodeAt(i) ^ (1 << m.bit);
      return value.slice(0, i) + String.fromCharCode(c) + value.slice(i + 1);
    }
    case "truncate":
      return value.slice(0, at);
    case "drop":
      return value.slice(0, at) + value.slice(at + m.length);
    case "duplicate":
      return value + m.separator + value;
    case "repeat": {
      const slice = value.slice(at, at + m.length);
      return value.slice(0, at) + slice.repeat(m.times) + value.slice(at + m.length);
    }
    case "case":
      return (
        value.slice(0, at) +
        changeCase(value.slice(at, at + m.length), m.mode) +
        value.slice(at + m.length)
      );
    case "insert":
      return value.slice(0, at) + m.text + value.slice(at);
    case "replace":
      return value.slice(0, at) + m.text + value.slice(at + 1);
    case "grow": {
      const slice = value.slice(at, at + m.length) || "a";
      const times = Math.ceil(Math.max(0, m.size - value.length) / slice.length);
      return value.slice(0, at) + slice.repeat(times + 1) + value.slice(at + m.length);
    }
  }
}

function changeCase(text: string, mode: CaseMode): string {
  if (mode === "upper") return text.toUpperCase();
  if (mode === "lower") return text.toLowerCase();
  let out = "";
  for (const c of text) out += c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
  return out;
}

/** A seed value and the mutations applied to it, kept for readable counterexamples. */
export interface Mutated {
  readonly seed: string;
  readonly mutations: readonly Mutation[];
  readonly value: string;
}

/**
 * Hostile variants of valid seeds: unmutated now and then (the accept path
 * must be exercised too), otherwise one to five mutations; one input in
 * `growEvery` is grown to 64 KiB.
 * @param seed - valid header values of one format.
 * @param growEvery - the share of 64 KiB inputs, as "one in N"; 0 for none.
 * @returns the mutated values with their history.
 */
export function mutated(seed: fc.Arbitrary<string>, growEvery = 0): fc.Arbitrary<Mutated> {
  const small = fc.tuple(
    seed,
    fc.oneof(
      { arbitrary: fc.constant([] as Mutation[]), weight: 1 },
      { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 5 }), weight: 6 },
    ),
  );
  const arb =
    growEvery > 0
      ? fc.oneof(
          { arbitrary: small, weight: growEvery - 1 },
          {
            arbitrary: fc
              .tuple(seed, fc.array(mutation, { maxLength: 3 }), growth)
              .map(([s, ms, g]): [string, Mutation[]] => [s, [...ms, g]]),
            weight: 1,
          },
        )
      : small;
  return arb.map(([s, mutations]) => ({
    seed: s,
    mutations,
    value: mutations.reduce(applyMutation, s),
  }));
}

/** A header value as carriers deliver it: one string, or several (API Gateway's `multiValueHeaders`). */
export function headerValue(values: fc.Arbitrary<Mutated>): fc.Arbitrary<string | string[]> {
  return fc.oneof(
    { arbitrary: values.map((m) => m.value), weight: 6 },
    {
      arbitrary: fc.array(
        values.map((m) => m.value),
        { minLength: 1, maxLength: 3 },
      ),
      weight: 1,
    },
  );
}

/** A header name in the letter case a hostile or sloppy client might use. */
export function nameCase(name: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    name,
    name.toUpperCase(),
    name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
  );
}
