import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatTracestate,
  isValidTracestateKey,
  isValidTracestateValue,
  parseTracestate,
  TraceState,
} from "../../../src/core/w3c/tracestate.js";

// Section numbers follow the editor's draft: https://w3c.github.io/trace-context/
// (3.3 tracestate header; 3.3.1.3.1 key; 3.3.1.3.2 value; 3.3.1.5 limits; 3.5 mutating).

const entriesOf = (
  value: string | readonly string[],
): (readonly [string, string])[] | undefined => {
  const state = parseTracestate(value);
  return state ? [...state.entries()] : undefined;
};

const members = (n: number): string =>
  Array.from({ length: n }, (_, i) => `bar${String(i + 1).padStart(2, "0")}=${i + 1}`).join(",");

const LCALPHA = "abcdefghijklmnopqrstuvwxyz";
const PRINTABLE_VALUE_CHARS = Array.from({ length: 0x7f - 0x20 }, (_, i) =>
  String.fromCharCode(0x20 + i),
)
  .filter((c) => c !== "," && c !== "=")
  .join("");

describe("tracestate §3.3.1.3.1 key", () => {
  it.each([
    ["validKey_simple", "rojo"],
    ["validKey_startsWithDigit", "1abc"],
    ["validKey_allKeyChars", `${LCALPHA}0123456789_-*/@`],
    ["validKey_multiTenant", "fw529a3039@dt"],
    ["validKey_tenantStartsWithDigit", "1tenant@sys"],
    ["validKey_atAtEnd_draftAllowsAnywhereAfterFirst", "foo@"],
    ["validKey_doubleAt_draft", "foo@@bar"],
    ["validKey_twoAts_draft", "foo@bar@baz"],
    ["validKey_systemStartsWithDigit_draft", "tenant@1sys"],
    ["validKey_256chars", "z".repeat(256)],
    ["validKey_242charTenant_draftHasNoSubLimits", `${"t".repeat(242)}@v`],
    ["validKey_15charSystem_draftHasNoSubLimits", `t@${"v".repeat(15)}`],
  ])("%s", (_name, key) => {
    expect(isValidTracestateKey(key)).toBe(true);
    expect(parseTracestate(`${key}=1`)?.get(key)).toBe("1");
  });

  it.each([
    ["invalidKey_empty", ""],
    ["invalidKey_uppercaseFirst", "Foo"],
    ["invalidKey_uppercase", "FOO"],
    ["invalidKey_mixedCase", "aA"],
    ["invalidKey_dot", "foo.bar"],
    ["invalidKey_space", "foo bar"],
    ["invalidKey_startsWithAt", "@foo"],
    ["invalidKey_startsWithUnderscore", "_foo"],
    ["invalidKey_startsWithDash", "-foo"],
    ["invalidKey_startsWithStar", "*foo"],
    ["invalidKey_nonAscii", "café"],
    ["invalidKey_257chars", "z".repeat(257)],
  ])("%s", (_name, key) => {
    expect(isValidTracestateKey(key)).toBe(false);
  });
});

describe("tracestate §3.3.1.3.2 value", () => {
  it.each([
    ["validValue_simple", "00f067aa0ba902b7"],
    ["validValue_allAllowedChars", PRINTABLE_VALUE_CHARS.trimEnd()],
    ["validValue_leadingSpace", " x"],
    ["validValue_innerSpace", "a b"],
    ["validValue_256chars", "v".repeat(256)],
    ["validValue_oneChar", "1"],
  ])("%s", (_name, value) => {
    expect(isValidTracestateValue(value)).toBe(true);
  });

  it.each([
    ["invalidValue_empty", ""],
    ["invalidValue_equals", "bar=baz"],
    ["invalidValue_comma", "a,b"],
    ["invalidValue_trailingSpace", "a "],
    ["invalidValue_onlySpace", " "],
    ["invalidValue_tab", "a\tb"],
    ["invalidValue_newline", "a\nb"],
    ["invalidValue_del", "a\x7f"],
    ["invalidValue_nonAscii", "café"],
    ["invalidValue_257chars", "v".repeat(257)],
  ])("%s", (_name, value) => {
    expect(isValidTracestateValue(value)).toBe(false);
  });

  it("tracestate §3.3.1.3.2 value: leading spaces are part of the value", () => {
    expect(parseTracestate("foo=  bar")?.get("foo")).toBe("  bar");
  });
});

describe("tracestate §3.3.1 list: valid headers", () => {
  it.each<[string, string | readonly string[], [string, string][]]>([
    ["valid_single", "rojo=00f067aa0ba902b7", [["rojo", "00f067aa0ba902b7"]]],
    [
      "valid_two",
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
      [
        ["rojo", "00f067aa0ba902b7"],
        ["congo", "t61rcWkgMzE"],
      ],
    ],
    [
      "valid_owsAroundMembers",
      "foo=1 \t , \t bar=2, \t baz=3",
      [
        ["foo", "1"],
        ["bar", "2"],
        ["baz", "3"],
      ],
    ],
    [
      "valid_tabsAroundMembers",
      "foo=1\t \t,\t \tbar=2,\t \tbaz=3",
      [
        ["foo", "1"],
        ["bar", "2"],
        ["baz", "3"],
      ],
    ],
    ["valid_leadingSpace", " foo=1", [["foo", "1"]]],
    ["valid_leadingTab", "\tfoo=1", [["foo", "1"]]],
    ["valid_trailingSpace", "foo=1 ", [["foo", "1"]]],
    ["valid_trailingTab", "foo=1\t", [["foo", "1"]]],
    ["valid_bothSides", "\t foo=1 \t", [["foo", "1"]]],
    [
      "valid_emptyMembers",
      ",foo=1,,bar=2,",
      [
        ["foo", "1"],
        ["bar", "2"],
      ],
    ],
    [
      "valid_whitespaceOnlyMember",
      "foo=1, ,\t,bar=2",
      [
        ["foo", "1"],
        ["bar", "2"],
      ],
    ],
    [
      "valid_draftAtKeyAndOtherMember",
      "foo@=1,bar=2",
      [
        ["foo@", "1"],
        ["bar", "2"],
      ],
    ],
    [
      "valid_multipleHeadersCombineInOrder",
      ["foo=1,bar=2", "rojo=1,congo=2", "baz=3"],
      [
        ["foo", "1"],
        ["bar", "2"],
        ["rojo", "1"],
        ["congo", "2"],
        ["baz", "3"],
      ],
    ],
    ["valid_emptyHeaderThenMember", ["", "foo=1"], [["foo", "1"]]],
    ["valid_memberThenEmptyHeader", ["foo=1", ""], [["foo", "1"]]],
  ])("%s", (_name, header, expected) => {
    expect(entriesOf(header)).toEqual(expected);
  });

  it("tracestate §3.3.1 list: an empty header is accepted as an empty state", () => {
    expect(parseTracestate("")).toBe(TraceState.EMPTY);
    expect(parseTracestate(" , \t,")).toBe(TraceState.EMPTY);
  });

  it("tracestate §3.3 header: an absent header is undefined", () => {
    expect(parseTracestate(undefined)).toBeUndefined();
    expect(parseTracestate(null)).toBeUndefined();
    expect(parseTracestate([])).toBeUndefined();
  });

  it("tracestate §3.3.1 list: exactly 32 members are kept", () => {
    const state = parseTracestate(members(32));
    expect(state?.size).toBe(32);
    expect(state?.get("bar01")).toBe("1");
    expect(state?.get("bar32")).toBe("32");
  });

  it("tracestate §3.3.1 list: 32 members across several headers are kept", () => {
    const all = members(32).split(",");
    const state = parseTracestate([all.slice(0, 10), all.slice(10, 31), all.slice(31)].map(String));
    expect(state?.size).toBe(32);
  });

  it.each([
    ["duplicate_sameValue", "foo=1,foo=1", [["foo", "1"]]],
    ["duplicate_keepsFirst", "foo=1,foo=2", [["foo", "1"]]],
    [
      "duplicate_keepsFirstPosition",
      "foo=1,bar=2,foo=3",
      [
        ["foo", "1"],
        ["bar", "2"],
      ],
    ],
  ])(
    "tracestate §3.3.1.4 combined value: %s (one entry per key, leftmost is newest)",
    (_n, h, e) => {
      expect(entriesOf(h)).toEqual(e);
    },
  );

  it("tracestate §3.3.1.4 combined value: duplicates across headers keep the first", () => {
    expect(entriesOf(["foo=1", "foo=2"])).toEqual([["foo", "1"]]);
  });
});

describe("tracestate §3.3.1 list: a malformed header is discarded as a whole", () => {
  it.each([
    ["invalid_33members", members(33)],
    ["invalid_33membersAcrossHeaders", [members(30), "bar31=31,bar32=32,bar33=33"]],
    ["invalid_spaceBeforeEquals", "foo =1"],
    ["invalid_spaceAfterEqualsOnlyValue", "foo= "],
    ["invalid_uppercaseKey", "FOO=1"],
    ["invalid_dotInKey", "foo.bar=1"],
    ["invalid_keyStartsWithAt", "@foo=1,bar=2"],
    ["invalid_key257", ["foo=1", `${"z".repeat(257)}=1`]],
    ["invalid_valueWithEquals", "foo=bar=baz"],
    ["invalid_emptyValue", "foo=,bar=3"],
    ["invalid_noEquals", "foo"],
    ["invalid_onlyEquals", "="],
    ["invalid_emptyKey", "=1"],
    ["invalid_controlCharInValue", "foo=a\x01b"],
    ["invalid_nonAsciiValue", "foo=café"],
    ["invalid_tabInsideValue", "foo=a\tb"],
    ["invalid_value257", `k=${"v".repeat(257)}`],
    ["invalid_oneBadMemberAmongGood", "a=1,b=2,C=3,d=4"],
  ])("%s", (_name, header) => {
    expect(parseTracestate(header)).toBeUndefined();
  });

  it("tracestate §3.3.1 list: a header of 1 MB is parsed in linear time", () => {
    // 200,000 list-members (duplicates count: they are list-members too) > 32.
    expect(parseTracestate("a=1, ".repeat(200_000))).toBeUndefined();
    const hostile = `${" ".repeat(1 << 20)}foo=1${",".repeat(1 << 20)}`;
    expect(parseTracestate(hostile)?.get("foo")).toBe("1");
    expect(parseTracestate(`k=${"v".repeat(1 << 20)}`)).toBeUndefined();
  });
});

describe("tracestate §3.5 mutating: TraceState", () => {
  it("tracestate §3.5 add: a new key goes to the front", () => {
    const state = TraceState.EMPTY.set("congo", "1").set("rojo", "2");
    expect(state.entries()).toEqual([
      ["rojo", "2"],
      ["congo", "1"],
    ]);
    expect(state.size).toBe(2);
  });

  it("tracestate §3.5 update: a modified key moves to the front, never duplicated", () => {
    const state = parseTracestate("a=1,b=2,c=3")!.set("c", "9");
    expect(state.toString()).toBe("c=9,a=1,b=2");
    expect(state.size).toBe(3);
  });

  it("tracestate §3.5: values are immutable", () => {
    const before = parseTracestate("a=1")!;
    const after = before.set("b", "2");
    expect(before.toString()).toBe("a=1");
    expect(after.toString()).toBe("b=2,a=1");
    expect(Object.isFrozen(after.entries())).toBe(true);
  });

  it.each([
    ["invalidSet_key", "Bad", "1"],
    ["invalidSet_value", "good", "a,b"],
    ["invalidSet_emptyValue", "good", ""],
  ])("tracestate §3.5 %s returns the same state", (_name, key, value) => {
    const state = parseTracestate("a=1")!;
    expect(state.set(key, value)).toBe(state);
  });

  it("tracestate §3.3.1 list: adding a 33rd entry drops the last one", () => {
    const full = parseTracestate(members(32))!;
    const next = full.set("new", "x");
    expect(next.size).toBe(32);
    expect(next.entries()[0]).toEqual(["new", "x"]);
    expect(next.get("bar32")).toBeUndefined();
    expect(next.get("bar31")).toBe("31");
  });

  it("tracestate §3.5 update at 32 entries drops nothing", () => {
    const next = parseTracestate(members(32))!.set("bar32", "x");
    expect(next.size).toBe(32);
    expect(next.entries()[0]).toEqual(["bar32", "x"]);
  });

  it("tracestate §3.5 delete: removes one key, keeps the order of the rest", () => {
    const state = parseTracestate("a=1,b=2,c=3")!;
    expect(state.delete("b").toString()).toBe("a=1,c=3");
    expect(state.delete("missing")).toBe(state);
    expect(state.get("b")).toBe("2");
  });

  it("TraceState.EMPTY is empty and formats to an empty string", () => {
    expect(TraceState.EMPTY.size).toBe(0);
    expect(TraceState.EMPTY.toString()).toBe("");
    expect(TraceState.EMPTY.get("a")).toBeUndefined();
  });
});

describe("tracestate §3.3.1.5 limits: formatTracestate", () => {
  const entry = (key: string, length: number): string =>
    `${key}=${"v".repeat(length - key.length - 1)}`;

  it("tracestate §3.3.1.5: a state within 512 chars is written whole", () => {
    expect(formatTracestate(parseTracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")!)).toBe(
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
    );
  });

  it("tracestate §3.3.1.5: entries over 128 chars are removed first", () => {
    const big = entry("big", 200);
    const smalls = Array.from({ length: 4 }, (_, i) => entry(`s${i}`, 100));
    const state = parseTracestate([smalls[0]!, big, ...smalls.slice(1)].join(","))!;
    // 4 × 100 + 200 + 4 commas = 604 > 512; dropping the big one gives 403.
    expect(formatTracestate(state)).toBe(smalls.join(","));
  });

  it("tracestate §3.3.1.5: then entries are removed from the end", () => {
    const smalls = Array.from({ length: 6 }, (_, i) => entry(`s${i}`, 100));
    const state = parseTracestate(smalls.join(","))!;
    expect(formatTracestate(state)).toBe(smalls.slice(0, 5).join(","));
  });

  it("tracestate §3.3.1.5: large entries are removed oldest first, only as many as needed", () => {
    const a = entry("a", 200);
    const b = entry("b", 200);
    const c = entry("c", 100);
    // 501 + 2 commas + … : a,b,c = 502 fits; add d of 100 → 603, removing b (last large) fits.
    const d = entry("d", 100);
    expect(formatTracestate(parseTracestate([a, b, c, d].join(","))!)).toBe([a, c, d].join(","));
  });

  it("tracestate §3.3.1.5: whole entries only, never cut", () => {
    const state = parseTracestate(entry("k", 257))!;
    expect(formatTracestate(state, 100)).toBe("");
    expect(formatTracestate(parseTracestate("a=1,b=2")!, 3)).toBe("a=1");
    expect(formatTracestate(parseTracestate("a=1,b=2")!, 7)).toBe("a=1,b=2");
    expect(formatTracestate(parseTracestate("a=1,b=2")!, Number.POSITIVE_INFINITY)).toBe("a=1,b=2");
  });
});

// Generators of valid keys, values and states.
const keyArb = fc
  .tuple(
    fc.constantFrom(...`${LCALPHA}0123456789`),
    fc.string({ unit: fc.constantFrom(...`${LCALPHA}0123456789_-*/@`), maxLength: 40 }),
  )
  .map(([first, rest]) => first + rest);
const valueArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...PRINTABLE_VALUE_CHARS), maxLength: 40 }),
    fc.constantFrom(...PRINTABLE_VALUE_CHARS.replace(" ", "")),
  )
  .map(([body, last]) => body + last);
const stateArb = fc
  .array(fc.tuple(keyArb, valueArb), { maxLength: 40 })
  .map((pairs) => pairs.reduce((s, [k, v]) => s.set(k, v), TraceState.EMPTY));
const hostileArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom("a", "=", ",", " ", "\t", "@", "\0", "\r", "\n", "Z", "é"),
    maxLength: 300,
  }),
  fc
    .array(fc.tuple(keyArb, valueArb), { maxLength: 40 })
    .map((p) => p.map(([k, v]) => `${k}=${v}`).join(", ")),
);

describe("tracestate properties", () => {
  it("parseTracestate never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(hostileArb, fc.string({ unit: "grapheme", maxLength: 200 })), (s) => {
        parseTracestate(s);
        parseTracestate([s, s]);
      }),
      { numRuns: 1000 },
    );
  });

  it("parseTracestate never throws on 100 KB strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 50_000, maxLength: 100_000 }), (s) => {
        parseTracestate(s);
      }),
      { numRuns: 5 },
    );
  });

  it("format(parse(x)) is a valid header that re-parses to the same state", () => {
    fc.assert(
      fc.property(hostileArb, (s) => {
        const state = parseTracestate(s);
        if (!state) return;
        const header = formatTracestate(state, Number.POSITIVE_INFINITY);
        expect(header).toMatch(/^[\x20-\x7e]*$/);
        expect(parseTracestate(header)?.entries()).toEqual(state.entries());
        const limited = formatTracestate(state);
        expect(limited.length).toBeLessThanOrEqual(512);
        expect(parseTracestate(limited)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it("parse(format(v)) equals v for valid states", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(state.size).toBeLessThanOrEqual(32);
        const parsed = parseTracestate(formatTracestate(state, Number.POSITIVE_INFINITY));
        expect(parsed?.entries()).toEqual(state.entries());
      }),
      { numRuns: 500 },
    );
  });
});
