import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Baggage,
  type BaggageEntry,
  formatBaggage,
  isValidBaggageKey,
  parseBaggage,
} from "../../../src/core/w3c/baggage.js";

// Section numbers follow https://www.w3.org/TR/baggage/ (CR 2024) and the editor's draft
// https://w3c.github.io/baggage/: 3.3.1 definition, 3.3.1.2 key, 3.3.1.3 value,
// 3.3.1.4 property, 3.3.2 limits, 3.5 mutating.

const plain = (baggage: Baggage): Record<string, BaggageEntry> => Object.fromEntries(baggage);
const only = (header: string | readonly string[], key: string): BaggageEntry | undefined =>
  parseBaggage(header).get(key);

const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** The header may hold only tchar, baggage-octet, "=", ";" and ",". */
const WIRE = /^[\x21\x23-\x5b\x5d-\x7e]*$/;

describe("baggage §3.3.1.2 key", () => {
  it.each([
    ["validKey_alpha", "userId"],
    ["validKey_allTchars", TCHARS],
    ["validKey_digits", "123"],
    ["validKey_percentAndPlus", "a%b+c"],
  ])("%s", (_name, key) => {
    expect(isValidBaggageKey(key)).toBe(true);
    expect(only(`${key}=v`, key)).toEqual({ value: "v" });
  });

  it.each([
    ["invalidKey_empty", ""],
    ["invalidKey_space", "user id"],
    ["invalidKey_comma", "a,b"],
    ["invalidKey_semicolon", "a;b"],
    ["invalidKey_equals", "a=b"],
    ["invalidKey_dquote", 'a"b'],
    ["invalidKey_backslash", "a\\b"],
    ["invalidKey_slash", "a/b"],
    ["invalidKey_colon", "a:b"],
    ["invalidKey_at", "a@b"],
    ["invalidKey_brackets", "a[b]"],
    ["invalidKey_braces", "a{b}"],
    ["invalidKey_parens", "a(b)"],
    ["invalidKey_nonAscii", "clé"],
    ["invalidKey_control", "a\x01"],
    ["invalidKey_del", "a\x7f"],
  ])("%s", (_name, key) => {
    expect(isValidBaggageKey(key)).toBe(false);
  });

  it("baggage §3.3.1.2 key: a member with an invalid key is dropped, the rest kept", () => {
    expect(plain(parseBaggage("a=1,b c=2,d:e=3,f=4"))).toEqual({
      a: { value: "1" },
      f: { value: "4" },
    });
  });
});

describe("baggage §3.3.1 definition: valid headers", () => {
  it("baggage §3.3.3 example: members with properties and OWS", () => {
    const header =
      "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue";
    expect([...parseBaggage(header)]).toEqual([
      ["key1", { value: "value1", properties: [{ key: "property1" }, { key: "property2" }] }],
      ["key2", { value: "value2" }],
      ["key3", { value: "value3", properties: [{ key: "propertyKey", value: "propertyValue" }] }],
    ]);
  });

  it("baggage §3.4 examples: percent-encoded values", () => {
    expect(plain(parseBaggage("userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false"))).toEqual(
      {
        userId: { value: "Amélie" },
        serverNode: { value: "DF 28" },
        isProduction: { value: "false" },
      },
    );
  });

  it("baggage §3.4 examples: several headers combine in order", () => {
    expect([
      ...parseBaggage(["userId=alice", "serverNode=DF%2028,isProduction=false"]).keys(),
    ]).toEqual(["userId", "serverNode", "isProduction"]);
  });

  it("baggage §3.4 examples: keys and values may begin and end with OWS", () => {
    expect(
      plain(parseBaggage(["userId =   alice", "serverNode = DF%2028, isProduction = false"])),
    ).toEqual({
      userId: { value: "alice" },
      serverNode: { value: "DF 28" },
      isProduction: { value: "false" },
    });
    expect(only("\tk\t=\tv\t;\tp\t=\tq\t", "k")).toEqual({
      value: "v",
      properties: [{ key: "p", value: "q" }],
    });
  });

  it.each<[string, string, string]>([
    ["value_containsEquals", "k=a=b", "a=b"],
    ["value_manyEquals", "k===", "=="],
    ["value_plusStaysPlus", "k=a+b", "a+b"],
    ["value_encodedPlus", "k=a%2Bb", "a+b"],
    ["value_encodedSpace", "k=a%20b", "a b"],
    ["value_empty", "k=", ""],
    ["value_emptyWithOws", "k = ", ""],
    ["value_allBaggageOctets", "k=!#$&'()*+-./:<=>?@[]^_`{|}~", "!#$&'()*+-./:<=>?@[]^_`{|}~"],
    ["value_lowercaseHex", "k=%c3%a9", "é"],
    ["value_encodedPercent", "k=100%25", "100%"],
    ["value_4byteUtf8", "k=%F0%9F%98%80", "😀"],
    ["value_bomKept", "k=%EF%BB%BFx", "\uFEFFx"],
    ["value_encodedComma", "k=a%2Cb%3Bc", "a,b;c"],
  ])("baggage §3.3.1.3 %s", (_name, header, value) => {
    expect(only(header, "k")?.value).toBe(value);
  });

  it.each<[string, string, string]>([
    ["utf8Invalid_loneContinuation", "k=%80", "\uFFFD"],
    ["utf8Invalid_ff", "k=a%FFb", "a\uFFFDb"],
    ["utf8Invalid_truncated", "k=a%C3", "a\uFFFD"],
    ["utf8Invalid_badSecondByte", "k=%C3%28", "\uFFFD("],
    ["utf8Invalid_encodedSurrogate", "k=%ED%A0%80", "\uFFFD\uFFFD\uFFFD"],
    ["utf8Invalid_overlong", "k=%C0%AF", "\uFFFD\uFFFD"],
  ])("baggage §3.3.1.3 value: invalid UTF-8 becomes U+FFFD: %s", (_name, header, value) => {
    expect(only(header, "k")?.value).toBe(value);
  });

  it("baggage §3.3.1.1: empty and whitespace-only members are skipped", () => {
    expect(plain(parseBaggage(",a=1,, \t ,b=2,"))).toEqual({
      a: { value: "1" },
      b: { value: "2" },
    });
    expect(plain(parseBaggage(["", "a=1", " "]))).toEqual({ a: { value: "1" } });
  });

  it("baggage §3.5 deduplicating: a later duplicate wins, in the first one's place", () => {
    expect([...parseBaggage("a=1,b=2,a=3")]).toEqual([
      ["a", { value: "3" }],
      ["b", { value: "2" }],
    ]);
    expect(only(["a=1", "a=2"], "a")).toEqual({ value: "2" });
  });

  it("baggage: nothing valid gives an empty map, never undefined", () => {
    for (const header of [undefined, null, "", [], "garbage", ["", " "]]) {
      expect(parseBaggage(header).size).toBe(0);
    }
  });
});

describe("baggage §3.3.1.4 property", () => {
  it.each<[string, string, BaggageEntry]>([
    ["property_bare", "k=v;p", { value: "v", properties: [{ key: "p" }] }],
    ["property_keyValue", "k=v;p=q", { value: "v", properties: [{ key: "p", value: "q" }] }],
    ["property_emptyValue", "k=v;p=", { value: "v", properties: [{ key: "p", value: "" }] }],
    ["property_decoded", "k=v;p=a%20b", { value: "v", properties: [{ key: "p", value: "a b" }] }],
    [
      "property_valueWithEquals",
      "k=v;p=a=b",
      { value: "v", properties: [{ key: "p", value: "a=b" }] },
    ],
    [
      "property_orderKept",
      "k=v;z;a=1;m",
      { value: "v", properties: [{ key: "z" }, { key: "a", value: "1" }, { key: "m" }] },
    ],
    [
      "property_duplicatesKept",
      "k=v;p=1;p=2",
      {
        value: "v",
        properties: [
          { key: "p", value: "1" },
          { key: "p", value: "2" },
        ],
      },
    ],
    [
      "property_ows",
      "k=v ; p ; q = 1 ",
      { value: "v", properties: [{ key: "p" }, { key: "q", value: "1" }] },
    ],
  ])("baggage §3.3.1.4 %s", (_name, header, entry) => {
    expect(only(header, "k")).toEqual(entry);
  });

  it.each([
    ["invalidProperty_key", "k=v;p q=1"],
    ["invalidProperty_emptyKey", "k=v;=1"],
    ["invalidProperty_empty", "k=v;;p"],
    ["invalidProperty_trailingSemicolon", "k=v;"],
    ["invalidProperty_value", "k=v;p=a b"],
    ["invalidProperty_badPercent", "k=v;p=%zz"],
  ])(
    "baggage §3.5/§3.3.2 %s drops the whole member (no partial list-members), the rest kept",
    (_name, header) => {
      expect(plain(parseBaggage(`a=1,${header},b=2`))).toEqual({
        a: { value: "1" },
        b: { value: "2" },
      });
    },
  );
});

describe("baggage §3.3.1.3 value: malformed values drop their member", () => {
  it.each([
    ["invalidValue_innerSpace", "k=a b"],
    ["invalidValue_innerTab", "k=a\tb"],
    ["invalidValue_dquote", 'k="quoted"'],
    ["invalidValue_backslash", "k=a\\b"],
    ["invalidValue_rawNonAscii", "k=Amélie"],
    ["invalidValue_control", "k=a\x00b"],
    ["invalidValue_crlf", "k=a\r\nb"],
    ["invalidValue_del", "k=a\x7f"],
    ["invalidValue_lonePercent", "k=100%"],
    ["invalidValue_percentOneHex", "k=%4"],
    ["invalidValue_percentNonHex", "k=%zz"],
    ["invalidValue_percentHalf", "k=%4g"],
    ["invalidMember_noEquals", "k"],
    ["invalidMember_semicolonBeforeEquals", "k;p=v"],
    ["invalidMember_emptyKey", "=v"],
  ])("%s", (_name, member) => {
    expect(plain(parseBaggage(`a=1,${member},b=2`))).toEqual({
      a: { value: "1" },
      b: { value: "2" },
    });
  });
});

describe("baggage §3.3.2 limits", () => {
  const many = (n: number, prefix = "k"): string =>
    Array.from({ length: n }, (_, i) => `${prefix}${i}=${i}`).join(",");

  it("baggage §3.3.2: 10,000 members → the first 64 are kept", () => {
    const baggage = parseBaggage(many(10_000));
    expect(baggage.size).toBe(64);
    expect([...baggage.keys()]).toEqual(Array.from({ length: 64 }, (_, i) => `k${i}`));
  });

  it("baggage §3.3.2: limits apply to all headers combined", () => {
    const baggage = parseBaggage([many(40, "a"), many(40, "b")]);
    expect(baggage.size).toBe(64);
    expect(baggage.has("b23")).toBe(true);
    expect(baggage.has("b24")).toBe(false);
  });

  it("baggage §3.3.2: a member of 8192 bytes is kept (no 4096-byte per-member cap)", () => {
    const value = "v".repeat(8190);
    expect(only(`k=${value}`, "k")?.value).toBe(value);
    expect(formatBaggage(parseBaggage(`k=${value}`))).toBe(`k=${value}`);
  });

  it("baggage §3.3.2: a member over 8192 bytes is dropped whole, smaller ones kept", () => {
    const baggage = parseBaggage(`a=1,k=${"v".repeat(8191)},b=2`);
    expect(plain(baggage)).toEqual({ a: { value: "1" }, b: { value: "2" } });
  });

  it("baggage §3.3.2: the byte limit counts commas and stops at exactly 8192", () => {
    const a = `a=${"x".repeat(4094)}`; // 4096 bytes
    const b = `b=${"y".repeat(4093)}`; // 4095 bytes: 4096 + 1 + 4095 = 8192
    expect(parseBaggage(`${a},${b}`).size).toBe(2);
    expect(parseBaggage(`${a},${b}z`).size).toBe(1);
  });

  it("baggage §3.3.2: a 1 MB header is parsed in linear time", () => {
    const value = "%41".repeat(350_000); // ~1 MB
    expect(parseBaggage(`k=${value}`).size).toBe(0);
    expect(parseBaggage(`${"x=1;p, ".repeat(150_000)}`).get("x")).toEqual({
      value: "1",
      properties: [{ key: "p" }],
    });
    expect(parseBaggage(`k${" ".repeat(1 << 20)}=${" ".repeat(1 << 20)}v`).get("k")).toEqual({
      value: "v",
    });
  });

  it("baggage §3.3.2: custom limits", () => {
    expect(parseBaggage(many(10), { maxMembers: 3 }).size).toBe(3);
    expect(parseBaggage(many(10), { maxBytes: 9 }).size).toBe(2); // "k0=0,k1=1"
    expect(parseBaggage(many(100), { maxMembers: 100 }).size).toBe(100);
    expect(parseBaggage(many(10), { maxMembers: Number.NaN }).size).toBe(10);
    expect(parseBaggage(many(10), { maxMembers: -1 }).size).toBe(0);
  });

  it("baggage §3.3.2: limits count the normalized member (invalid UTF-8 grows to %EF%BF%BD)", () => {
    // 8 bytes on the wire in, 20 bytes when written back out.
    const parsed = parseBaggage("k=%FF%FF", { maxBytes: 20 });
    expect(formatBaggage(parsed, { maxBytes: 20 })).toBe("k=%EF%BF%BD%EF%BF%BD");
    expect(parseBaggage("k=%FF%FF", { maxBytes: 19 }).size).toBe(0);
  });
});

describe("baggage formatBaggage", () => {
  const one = (value: string, properties?: BaggageEntry["properties"]): string =>
    formatBaggage(new Map([["k", { value, properties }]]));

  it.each<[string, string, string]>([
    ["encode_space", "DF 28", "k=DF%2028"],
    ["encode_percent", "100%", "k=100%25"],
    ["encode_nonAscii", "Amélie", "k=Am%C3%A9lie"],
    ["encode_emoji", "😀", "k=%F0%9F%98%80"],
    ["encode_plusNotSpace", "a+b", "k=a+b"],
    ["encode_equalsKept", "a=b", "k=a=b"],
    ["encode_delimiters", ',;"\\', "k=%2C%3B%22%5C"],
    ["encode_controls", "\r\n\0\t\x7f", "k=%0D%0A%00%09%7F"],
    ["encode_empty", "", "k="],
    ["encode_loneSurrogateAsReplacement", "\uD800", "k=%EF%BF%BD"],
  ])("baggage §3.3.1.3 value %s", (_name, value, header) => {
    expect(one(value)).toBe(header);
  });

  it("baggage §3.3.1.4 properties are written in order, bare and with values", () => {
    expect(one("v", [{ key: "p" }, { key: "q", value: "a b" }, { key: "r", value: "" }])).toBe(
      "k=v;p;q=a%20b;r=",
    );
  });

  it("baggage §3.3.1.2: entries with an invalid key or property key are skipped", () => {
    const baggage = new Map<string, BaggageEntry>([
      ["a", { value: "1" }],
      ["bad key", { value: "2" }],
      ["c", { value: "3", properties: [{ key: "bad key" }] }],
      ["d", { value: "4" }],
    ]);
    expect(formatBaggage(baggage)).toBe("a=1,d=4");
  });

  it("baggage §3.3.2: a member that would exceed 8192 bytes is skipped, later smaller ones fit", () => {
    const baggage = new Map<string, BaggageEntry>([
      ["a", { value: "x".repeat(5000) }],
      ["b", { value: "y".repeat(5000) }],
      ["c", { value: "z" }],
    ]);
    const header = formatBaggage(baggage);
    expect(header).toBe(`a=${"x".repeat(5000)},c=z`);
  });

  it("baggage §3.3.2: at most 64 members are written", () => {
    const baggage = new Map(
      Array.from({ length: 100 }, (_, i) => [`k${i}`, { value: "v" }] as const),
    );
    expect(formatBaggage(baggage).split(",")).toHaveLength(64);
    expect(formatBaggage(baggage, { maxMembers: 100 }).split(",")).toHaveLength(100);
  });

  it("baggage: empty baggage formats to an empty string", () => {
    expect(formatBaggage(new Map())).toBe("");
  });
});

// Generators of valid keys, values and baggage.
const keyArb = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
const valueArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("%", "+", "=", " ", ",", ";", "a", "\0", "é"), maxLength: 20 }),
);
const propertyArb = fc.record({ key: keyArb, value: valueArb }, { requiredKeys: ["key"] });
const entryArb: fc.Arbitrary<BaggageEntry> = fc
  .tuple(valueArb, fc.array(propertyArb, { maxLength: 4 }))
  .map(([value, properties]) => (properties.length > 0 ? { value, properties } : { value }));
const baggageArb: fc.Arbitrary<Baggage> = fc
  .uniqueArray(fc.tuple(keyArb, entryArb), { selector: ([k]) => k, maxLength: 20 })
  .map((pairs) => new Map(pairs));
const hostileArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "=",
      ",",
      ";",
      " ",
      "\t",
      "%",
      "%4",
      "%C3",
      "%A9",
      "\0",
      "\r\n",
      "é",
      '"',
    ),
    maxLength: 200,
  }),
  baggageArb.map((b) => formatBaggage(b).replaceAll(",", " , ").replaceAll("=", " = ")),
);

describe("baggage properties", () => {
  it("parseBaggage never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(hostileArb, fc.string({ unit: "grapheme", maxLength: 200 })), (s) => {
        parseBaggage(s);
        parseBaggage([s, s], { maxMembers: 2, maxBytes: 10 });
      }),
      { numRuns: 1000 },
    );
  });

  it("parseBaggage never throws on 100 KB strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 50_000, maxLength: 100_000 }), (s) => {
        parseBaggage(s);
      }),
      { numRuns: 5 },
    );
  });

  it("format(parse(x)) is a valid header that re-parses to the same baggage", () => {
    fc.assert(
      fc.property(hostileArb, (s) => {
        const baggage = parseBaggage(s);
        const header = formatBaggage(baggage);
        expect(header).toMatch(WIRE);
        expect(new TextEncoder().encode(header).length).toBeLessThanOrEqual(8192);
        expect(parseBaggage(header)).toEqual(baggage);
      }),
      { numRuns: 1000 },
    );
  });

  it("parse(format(v)) equals v for valid baggage, non-ASCII values included", () => {
    fc.assert(
      fc.property(baggageArb, (baggage) => {
        const header = formatBaggage(baggage);
        expect(header).toMatch(WIRE);
        expect(parseBaggage(header)).toEqual(baggage);
      }),
      { numRuns: 1000 },
    );
  });
});
