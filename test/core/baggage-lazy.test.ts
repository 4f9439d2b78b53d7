import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Baggage,
  type BaggageEntry,
  formatBaggage,
  parseBaggage,
  readBaggage,
} from "../../src/core/baggage.js";
import { w3cBaggage } from "../../src/core/baggage-propagator.js";
import { scanBaggage } from "../../src/core/baggage-scan.js";
import { headerAccess } from "../../src/core/carrier.js";
import { extract } from "../../src/core/extract.js";
import { inject } from "../../src/core/inject.js";

// A baggage header already in normal form is kept as it came, parsed on
// first read and written back unchanged; anything else takes the full
// parse. Both must be indistinguishable through ReadonlyMap and formatBaggage.

const REALISTIC =
  "userId=alice;pii,userName=Am%C3%A9lie,tenant=acme,isProduction=false,sessionId=a1b2c3d4e5f6";
const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const many = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=${i}`).join(",");

/** Every ReadonlyMap answer, as plain data. */
function observe(baggage: Baggage, probe: readonly string[]) {
  const forEach: unknown[] = [];
  const self = {};
  baggage.forEach(function (this: unknown, value, key, map) {
    forEach.push([key, value, map === baggage, this === self]);
  }, self);
  return {
    size: baggage.size,
    get: probe.map((k) => baggage.get(k)),
    has: probe.map((k) => baggage.has(k)),
    entries: [...baggage.entries()],
    keys: [...baggage.keys()],
    values: [...baggage.values()],
    iterator: [...baggage],
    copy: [...new Map(baggage)],
    forEach,
  };
}

describe("baggage: scanBaggage accepts headers in normal form", () => {
  it.each([
    ["realistic", REALISTIC, 5],
    ["single", "k=v", 1],
    ["emptyValue", "k=", 1],
    ["properties", "k=v;p;q=1;r=", 1],
    ["propertyValueEncoded", "k=v;p=a%20b", 1],
    ["valueWithEquals", "k=a=b", 1],
    ["encodedSpecials", "k=%20%2C%3B%22%5C%25%7F%00", 1],
    ["utf8TwoThreeFour", "k=%C3%A9%E2%82%AC%F0%9F%98%80", 1],
    ["utf8Edges", "k=%E0%A0%80%ED%9F%BF%F4%8F%BF%BF%EF%BB%BF", 1],
    ["sixtyFour", many(64), 64],
    ["exactly8192", `k=${"v".repeat(8190)}`, 1],
  ])("%s", (_name, header, size) => {
    expect(scanBaggage(header)).toBe(size);
    expect(formatBaggage(parseBaggage(header))).toBe(header);
  });
});

describe("baggage: scanBaggage defers everything else to the full parse", () => {
  it.each([
    ["empty", ""],
    ["owsAfterComma", "a=1, b=2"],
    ["owsAroundEquals", "a = 1"],
    ["owsBeforeSemicolon", "a=1 ;p"],
    ["emptyMember", "a=1,,b=2"],
    ["trailingComma", "a=1,"],
    ["leadingComma", ",a=1"],
    ["duplicateKey", "a=1,b=2,a=3"],
    ["sixtyFive", many(65)],
    ["over8192", `k=${"v".repeat(8191)}`],
    ["lowercaseHex", "k=%c3%a9"],
    ["encodedPlainOctet", "k=%41"],
    ["encodedPlus", "k=a%2Bb"],
    ["badPercent", "k=%zz"],
    ["lonePercent", "k=100%"],
    ["truncatedUtf8", "k=%C3"],
    ["truncatedUtf8ThenChar", "k=%C3a"],
    ["badContinuation", "k=%C3%28"],
    ["loneContinuation", "k=%80"],
    ["overlong", "k=%C0%AF"],
    ["overlongThree", "k=%E0%80%AF"],
    ["surrogate", "k=%ED%A0%80"],
    ["aboveMax", "k=%F4%90%80%80"],
    ["leadF5", "k=%F5%80%80%80"],
    ["rawNonAscii", "k=Amélie"],
    ["emptyProperty", "k=v;;p"],
    ["trailingSemicolon", "k=v;"],
    ["invalidKey", "a=1,b c=2"],
    ["noEquals", "a=1,k"],
    ["emptyKey", "=v"],
    ["semicolonBeforeEquals", "k;p=v"],
  ])("%s", (_name, header) => {
    expect(scanBaggage(header)).toBe(-1);
    // the full parse decides, so readBaggage gives parseBaggage's Map
    expect(readBaggage(header)).toEqual(parseBaggage(header));
  });

  it("an invalid member anywhere forces the full parse, which keeps the valid ones", () => {
    const header = "a=1,b c=2,d=4";
    expect(readBaggage(header)).toBeInstanceOf(Map);
    expect(formatBaggage(readBaggage(header))).toBe("a=1,d=4");
  });
});

describe("baggage: a kept header behaves like the parsed Map", () => {
  const probe = ["userId", "userName", "tenant", "missing", "", "USERID"];

  it("answers every ReadonlyMap method as parseBaggage's Map does", () => {
    const lazy = readBaggage(REALISTIC);
    expect(lazy).not.toBeInstanceOf(Map);
    expect(observe(lazy, probe)).toEqual(observe(parseBaggage(REALISTIC), probe));
    expect(lazy.get("userName")).toEqual({ value: "Amélie" });
    expect(lazy.get("userId")).toEqual({ value: "alice", properties: [{ key: "pii" }] });
  });

  it("knows its size before parsing, and parses once", () => {
    const lazy = readBaggage(REALISTIC);
    expect(lazy.size).toBe(5);
    expect(lazy.get("tenant")).toBe(lazy.get("tenant"));
  });

  it("several headers combine in order before the check", () => {
    expect(scanBaggage("a=1,b=2")).toBe(2);
    expect([...readBaggage(["a=1", "b=2"]).keys()]).toEqual(["a", "b"]);
    expect(readBaggage(["a=1", "a=2"]).get("a")).toEqual({ value: "2" });
  });

  it("absent or empty gives an empty baggage", () => {
    for (const header of [undefined, null, "", [], [" "]]) expect(readBaggage(header).size).toBe(0);
  });
});

describe("baggage: re-emitting a kept header", () => {
  it("formatBaggage writes an unchanged kept header as it came", () => {
    expect(formatBaggage(readBaggage(REALISTIC))).toBe(REALISTIC);
    expect(formatBaggage(readBaggage(many(64)))).toBe(many(64));
  });

  it("smaller limits than the header's take the full format", () => {
    const lazy = readBaggage(REALISTIC);
    for (const limits of [{ maxMembers: 2 }, { maxBytes: 40 }, { maxMembers: 0 }]) {
      expect(formatBaggage(lazy, limits)).toBe(formatBaggage(parseBaggage(REALISTIC), limits));
    }
    expect(formatBaggage(lazy, { maxMembers: 5, maxBytes: REALISTIC.length })).toBe(REALISTIC);
  });

  it("extract then inject passes the header on unchanged", () => {
    const remote = extract(new Headers({ traceparent: TP, baggage: REALISTIC }))!;
    const out = new Headers();
    inject(remote, out);
    expect(out.get("baggage")).toBe(REALISTIC);
  });

  it("a copy changed after reading is written from its entries", () => {
    const remote = extract({ traceparent: TP, baggage: REALISTIC })!;
    const changed = new Map<string, BaggageEntry>(remote.baggage);
    changed.delete("tenant");
    changed.set("region", { value: "eu west" });
    const out: Record<string, string> = {};
    inject({ ...remote, baggage: changed }, out);
    expect(out.baggage).toBe(
      "userId=alice;pii,userName=Am%C3%A9lie,isProduction=false,sessionId=a1b2c3d4e5f6,region=eu%20west",
    );
    // the original is unchanged
    expect(formatBaggage(remote.baggage)).toBe(REALISTIC);
  });

  it("merges a kept header into a caller-set baggage header, the caller first", () => {
    const ours = w3cBaggage.extract(headerAccess({ baggage: "a=1,b=2" }))!.baggage!;
    const headers = new Headers({ baggage: "b=9, c=3" });
    w3cBaggage.inject(
      { traceId: "1".repeat(32), spanId: "1".repeat(16), traceFlags: 1, baggage: ours },
      headerAccess(headers),
    );
    expect(headers.get("baggage")).toBe("b=9,c=3,a=1");
  });
});

describe("baggage: kept and parsed agree on any header", () => {
  /** A header from `units`: close to normal form, or anything. */
  const headerOf = (units: readonly string[], minKey: number, maxMembers: number) => {
    const token = fc.string({
      unit: fc.constantFrom(..."aZ0-!%"),
      minLength: minKey,
      maxLength: 4,
    });
    const value = fc.string({ unit: fc.constantFrom(...units), maxLength: 6 });
    const property = fc
      .tuple(token, fc.option(value))
      .map(([k, v]) => (v === null ? k : `${k}=${v}`));
    const member = fc
      .tuple(token, value, fc.array(property, { maxLength: 2 }))
      .map(([k, v, ps]) => [`${k}=${v}`, ...ps].join(";"));
    return fc.array(member, { maxLength: maxMembers }).map((ms) => ms.join(","));
  };
  const header = fc.oneof(
    headerOf(["a", "=", "%20", "%25", "%C3%A9", "%F0%9F%98%80", "%EF%BF%BF"], 1, 8),
    headerOf(["a", "=", "%20", "%41", "%c3", "%C3", "%A9", "%80", "%F0", "%9F", "%", " "], 0, 70),
  );

  it("same entries, same written header", () => {
    let kept = 0;
    fc.assert(
      fc.property(header, (h) => {
        const lazy = readBaggage(h);
        if (!(lazy instanceof Map)) kept++;
        const full = parseBaggage(h);
        expect([...lazy]).toEqual([...full]);
        expect(lazy.size).toBe(full.size);
        expect(formatBaggage(lazy)).toBe(formatBaggage(full));
      }),
      { numRuns: 3000 },
    );
    expect(kept).toBeGreaterThan(100);
  });
});
