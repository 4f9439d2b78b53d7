import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headerAccess } from "../../../src/core/carrier.js";
import { extract } from "../../../src/core/extract.js";
import { inject } from "../../../src/core/inject.js";
import {
  type Baggage,
  type BaggageEntry,
  formatBaggage,
  parseBaggage,
  readBaggage,
} from "../../../src/core/w3c/baggage.js";
import { w3cBaggage } from "../../../src/core/w3c/baggage-propagator.js";

// Issue #16: members edge-trace did not change go out byte for byte as
// they came (OWS aside, escapes in uppercase), properties included; only
// new or changed members are encoded. Limits count that merged result.

const REALISTIC =
  "userId=alice;pii,userName=Am%C3%A9lie,tenant=acme,isProduction=false,sessionId=a1b2c3d4e5f6";
const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const many = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=${i}`).join(",");

describe("baggage: a header in normal form is written back as it came", () => {
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
    expect(parseBaggage(header).size).toBe(size);
    expect(formatBaggage(parseBaggage(header))).toBe(header);
  });
});

describe("baggage: anything else is written as its members came, OWS aside", () => {
  const bad = "%EF%BF%BD"; // U+FFFD, what invalid UTF-8 decodes to, encoded
  it.each([
    ["empty", "", ""],
    ["owsAfterComma", "a=1, b=2", "a=1,b=2"],
    ["owsAroundEquals", "a = 1", "a=1"],
    ["owsBeforeSemicolon", "a=1 ;p", "a=1;p"],
    ["emptyMember", "a=1,,b=2", "a=1,b=2"],
    ["trailingComma", "a=1,", "a=1"],
    ["leadingComma", ",a=1", "a=1"],
    ["duplicateKey", "a=1,b=2,a=3", "a=3,b=2"],
    ["sixtyFive", many(65), many(64)],
    ["over8192", `k=${"v".repeat(8191)}`, ""],
    ["lowercaseHex", "k=%c3%a9", "k=%C3%A9"],
    ["lowercaseHexNotInKeys", "%a=%c3%a9;%b=%2b;%c", "%a=%C3%A9;%b=%2B;%c"],
    ["encodedPlainOctet", "k=%41", "k=%41"],
    ["encodedPlus", "k=a%2Bb", "k=a%2Bb"],
    ["badPercent", "k=%zz", ""],
    ["lonePercent", "k=100%", ""],
    ["truncatedUtf8", "k=%C3", `k=${bad}`],
    ["truncatedUtf8ThenChar", "k=%C3a", `k=${bad}a`],
    ["badContinuation", "k=%C3%28", `k=${bad}(`],
    ["loneContinuation", "k=%80", `k=${bad}`],
    ["overlong", "k=%C0%AF", `k=${bad}${bad}`],
    ["overlongThree", "k=%E0%80%AF", `k=${bad}${bad}${bad}`],
    ["surrogate", "k=%ED%A0%80", `k=${bad}${bad}${bad}`],
    ["aboveMax", "k=%F4%90%80%80", `k=${bad}${bad}${bad}${bad}`],
    ["leadF5", "k=%F5%80%80%80", `k=${bad}${bad}${bad}${bad}`],
    ["invalidUtf8InProperty", "k=%41;p=%C3", `k=A;p=${bad}`],
    ["rawNonAscii", "k=Amélie", ""],
    ["emptyProperty", "k=v;;p", ""],
    ["trailingSemicolon", "k=v;", ""],
    ["invalidKey", "a=1,b c=2", "a=1"],
    ["noEquals", "a=1,k", "a=1"],
    ["emptyKey", "=v", ""],
    ["semicolonBeforeEquals", "k;p=v", ""],
  ])("%s", (_name, header, written) => {
    expect(formatBaggage(parseBaggage(header))).toBe(written);
    // and what is written is its own normal form
    expect(formatBaggage(parseBaggage(written))).toBe(written);
  });

  it("an invalid member anywhere drops only that member", () => {
    expect(formatBaggage(parseBaggage("a=1,b c=2,d=4"))).toBe("a=1,d=4");
  });
});

describe("baggage: entries read from a header are plain values", () => {
  it("decoded values and properties, nothing else visible", () => {
    const baggage = parseBaggage(REALISTIC);
    expect(baggage.size).toBe(5);
    expect(baggage.get("userName")).toEqual({ value: "Amélie" });
    expect(baggage.get("userId")).toEqual({ value: "alice", properties: [{ key: "pii" }] });
    expect(JSON.stringify(baggage.get("userId"))).toBe(
      '{"value":"alice","properties":[{"key":"pii"}]}',
    );
    expect(Object.keys(baggage.get("tenant")!)).toEqual(["value"]);
  });

  it("several headers combine in order", () => {
    expect([...parseBaggage(["a=1", "b=2"]).keys()]).toEqual(["a", "b"]);
    expect(parseBaggage(["a=1", "a=2"]).get("a")).toEqual({ value: "2" });
  });

  it("absent or empty gives an empty baggage", () => {
    for (const header of [undefined, null, "", [], [" "]])
      expect(parseBaggage(header).size).toBe(0);
  });
});

describe("baggage: re-emitting a received header", () => {
  it("formatBaggage writes an unchanged header as it came", () => {
    expect(formatBaggage(parseBaggage(REALISTIC))).toBe(REALISTIC);
    expect(formatBaggage(parseBaggage(many(64)))).toBe(many(64));
  });

  it("smaller limits than the header's drop whole members", () => {
    const baggage = parseBaggage(REALISTIC);
    expect(formatBaggage(baggage, { maxMembers: 2 })).toBe("userId=alice;pii,userName=Am%C3%A9lie");
    expect(formatBaggage(baggage, { maxBytes: 40 })).toBe("userId=alice;pii,userName=Am%C3%A9lie");
    expect(formatBaggage(baggage, { maxMembers: 0 })).toBe("");
    expect(formatBaggage(baggage, { maxMembers: 5, maxBytes: REALISTIC.length })).toBe(REALISTIC);
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

describe("issue #16: members nobody changed go out byte for byte", () => {
  // What OpenTelemetry Go sends, and what a non-decoding receiver compares.
  const RECEIVED =
    "odd=1%2B1%3D2%2525, plus=1+1=2 ;p = %3d ; q,  pct=%25%41\t;flag , utf=%C3%A9,last=x";
  const AS_SENT = "odd=1%2B1%3D2%2525,plus=1+1=2;p=%3D;q,pct=%25%41;flag,utf=%C3%A9,last=x";

  it("received members are written as they came, OWS aside", () => {
    expect(formatBaggage(parseBaggage(RECEIVED))).toBe(AS_SENT);
    expect(parseBaggage(RECEIVED).get("odd")?.value).toBe("1+1=2%25");
    expect(parseBaggage(RECEIVED).get("plus")).toEqual({
      value: "1+1=2",
      properties: [{ key: "p", value: "=" }, { key: "q" }],
    });
  });

  it("when a member is added, only the new one is encoded", () => {
    const baggage = new Map<string, BaggageEntry>(parseBaggage(RECEIVED));
    baggage.set("new", { value: "a b+c" });
    expect(formatBaggage(baggage)).toBe(`${AS_SENT},new=a%20b+c`);
  });

  it("when a member is changed, only the changed one is encoded, in its place", () => {
    const baggage = new Map<string, BaggageEntry>(parseBaggage(RECEIVED));
    baggage.set("plus", { value: "2+2=4", properties: [{ key: "p", value: "=" }] });
    expect(formatBaggage(baggage)).toBe(
      "odd=1%2B1%3D2%2525,plus=2+2=4;p==,pct=%25%41;flag,utf=%C3%A9,last=x",
    );
    // a copy of a received entry is a new entry: encoded from its value, never its old text
    const odd = baggage.get("odd")!;
    baggage.set("odd", { ...odd, value: `${odd.value}!` });
    expect(formatBaggage(baggage)).toMatch(/^odd=1\+1=2%2525!,plus=/);
  });

  it("when a member is deleted, the others are unchanged", () => {
    const baggage = new Map<string, BaggageEntry>(parseBaggage(RECEIVED));
    baggage.delete("plus");
    expect(formatBaggage(baggage)).toBe("odd=1%2B1%3D2%2525,pct=%25%41;flag,utf=%C3%A9,last=x");
  });

  it("a received entry moved to another key is a new member: encoded", () => {
    const received = parseBaggage("a=%41;p");
    expect(formatBaggage(new Map([["b", received.get("a")!]]))).toBe("b=A;p");
  });

  it("extract, add one, inject: the received members pass through unchanged", () => {
    const remote = extract({ traceparent: TP, baggage: RECEIVED })!;
    const baggage = new Map<string, BaggageEntry>(remote.baggage);
    baggage.set("ours", { value: "1" });
    const out = new Headers();
    inject({ ...remote, baggage }, out);
    expect(out.get("baggage")).toBe(`${AS_SENT},ours=1`);
  });
});

describe("baggage §3.3.2 limits: counted after duplicate keys are merged", () => {
  it("baggage §3.3.2 limits: a=<8000 x>,b=<200 y>,a=1 keeps a=1 and b", () => {
    const b = `b=${"y".repeat(200)}`;
    const header = `a=${"x".repeat(8000)},${b},a=1`;
    expect(formatBaggage(parseBaggage(header))).toBe(`a=1,${b}`);
    const remote = extract({ traceparent: TP, baggage: header })!;
    expect([...remote.baggage.keys()]).toEqual(["a", "b"]);
  });

  it("baggage §3.3.2 limits: 65 members whose repeats merge to 64 or fewer are all kept", () => {
    const members = Array.from({ length: 64 }, (_, i) => `k${i}=${i}`);
    const header = [...members, "k0=last"].join(",");
    const baggage = parseBaggage(header);
    expect(baggage.size).toBe(64);
    expect(baggage.get("k0")?.value).toBe("last");
    expect(formatBaggage(baggage)).toBe(["k0=last", ...members.slice(1)].join(","));
    const repeats = [
      ...Array.from({ length: 40 }, (_, i) => `r${i}=1`),
      ...Array.from({ length: 30 }, (_, i) => `r${i}=2`),
    ];
    expect(parseBaggage(repeats.join(",")).size).toBe(40);
  });

  it("baggage §3.3.2 limits: a later duplicate that is malformed leaves the earlier value", () => {
    expect(formatBaggage(parseBaggage("a=1,b=2,a=%zz"))).toBe("a=1,b=2");
  });
});

/** A baggage header from `units`: close to normal form, or anything. */
const headerOf = (units: readonly string[], minKey: number, maxMembers: number) => {
  const token = fc.string({ unit: fc.constantFrom(..."aZ0-!%"), minLength: minKey, maxLength: 4 });
  const value = fc.string({ unit: fc.constantFrom(...units), maxLength: 6 });
  const property = fc
    .tuple(token, fc.option(value))
    .map(([k, v]) => (v === null ? k : `${k}=${v}`));
  const member = fc
    .tuple(token, value, fc.array(property, { maxLength: 2 }))
    .map(([k, v, ps]) => [`${k}=${v}`, ...ps].join(";"));
  return fc.array(member, { maxLength: maxMembers }).map((ms) => ms.join(","));
};
/** Headers with valid escapes only, and headers with broken escapes, OWS and many members. */
const anyBaggageHeader = fc.oneof(
  headerOf(["a", "=", "%20", "%25", "%C3%A9", "%F0%9F%98%80", "%EF%BF%BF"], 1, 8),
  headerOf(["a", "=", "%20", "%41", "%c3", "%C3", "%A9", "%80", "%F0", "%9F", "%", " "], 0, 70),
);

describe("baggage: written form is a fixed point on any header", () => {
  it("re-parsing what was written gives the same entries and the same header", () => {
    fc.assert(
      fc.property(anyBaggageHeader, (h) => {
        const parsed = parseBaggage(h);
        const written = formatBaggage(parsed);
        const again = parseBaggage(written);
        expect([...again]).toEqual([...parsed]);
        expect(formatBaggage(again)).toBe(written);
      }),
      { numRuns: 3000 },
    );
  });
});

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

describe("baggage: what extraction reads (kept as received, parsed when read) equals parseBaggage", () => {
  const probe = ["userId", "userName", "tenant", "missing", "", "USERID"];

  it("answers every ReadonlyMap method as parseBaggage's Map does", () => {
    const kept = readBaggage(REALISTIC)!;
    expect(kept).not.toBeInstanceOf(Map);
    expect(observe(kept, probe)).toEqual(observe(parseBaggage(REALISTIC), probe));
    expect(formatBaggage(kept)).toBe(REALISTIC);
  });

  it("a normal-form header with a repeated key or invalid UTF-8 is still written as parsed", () => {
    for (const header of ["a=1,b=2,a=3", "a=%C3,b=1", "a=%ED%A0%80"]) {
      expect(formatBaggage(readBaggage(header)!)).toBe(formatBaggage(parseBaggage(header)));
    }
    expect(formatBaggage(readBaggage("a=1,b=2,a=3")!)).toBe("a=3,b=2");
    expect(formatBaggage(readBaggage(REALISTIC)!, { maxMembers: 2 })).toBe(
      "userId=alice;pii,userName=Am%C3%A9lie",
    );
  });

  it("nothing valid reads as undefined", () => {
    for (const header of [undefined, null, "", [], [" "], "=x", "a b=1"]) {
      expect(readBaggage(header)).toBeUndefined();
    }
  });

  it("kept or parsed, the same entries and the same written header, on any header", () => {
    let kept = 0;
    fc.assert(
      fc.property(anyBaggageHeader, (h) => {
        const read = readBaggage(h) ?? new Map();
        if (!(read instanceof Map)) kept++;
        const full = parseBaggage(h);
        expect([...read]).toEqual([...full]);
        expect(read.size).toBe(full.size);
        expect(formatBaggage(read)).toBe(formatBaggage(full));
      }),
      { numRuns: 3000 },
    );
    expect(kept).toBeGreaterThan(100);
  });
});
