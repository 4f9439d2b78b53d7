import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeaderRecord, headerAccess } from "../../../src/core/carrier.js";
import type { InjectContext } from "../../../src/core/propagator.js";
import { type BaggageEntry, formatBaggage, parseBaggage } from "../../../src/core/w3c/baggage.js";
import { w3cBaggage } from "../../../src/core/w3c/baggage-propagator.js";

// https://w3c.github.io/baggage/: 3.3.2 limits, 3.5 mutating baggage.

const span = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
};
const ctx = (entries: Record<string, string | BaggageEntry>): InjectContext => ({
  ...span,
  baggage: new Map(
    Object.entries(entries).map(([k, v]) => [k, typeof v === "string" ? { value: v } : v]),
  ),
});

describe("w3cBaggage: identity", () => {
  it("is the baggage-only propagator of the `baggage` header", () => {
    expect(w3cBaggage.name).toBe("baggage");
    expect(w3cBaggage.kind).toBe("baggage");
    expect(w3cBaggage.fields).toEqual(["baggage"]);
  });
});

describe("w3cBaggage.extract", () => {
  it("baggage §3.4: reads the header, any case, several fields combined", () => {
    const record: HeaderRecord = { BAGGAGE: "userId=alice", baggage: ["serverNode=DF%2028"] };
    const found = w3cBaggage.extract(headerAccess(record));
    expect(Object.fromEntries(found?.baggage ?? [])).toEqual({
      userId: { value: "alice" },
      serverNode: { value: "DF 28" },
    });
    expect(found?.context).toBeUndefined();
  });

  it("reads a Headers object", () => {
    const headers = new Headers({ baggage: "a=1, b=2;p" });
    expect([...(w3cBaggage.extract(headerAccess(headers))?.baggage?.keys() ?? [])]).toEqual([
      "a",
      "b",
    ]);
  });

  it.each([
    ["noHeader", {}],
    ["emptyHeader", { baggage: "" }],
    ["onlyInvalidMembers", { baggage: "bad key=1,k=a b" }],
  ])("returns undefined when nothing valid: %s", (_name, record) => {
    expect(w3cBaggage.extract(headerAccess(record as HeaderRecord))).toBeUndefined();
  });

  it("baggage §3.3.2: keeps at most 64 of 10,000 inbound members", () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `k${i}=${i}`).join(",");
    expect(w3cBaggage.extract(headerAccess({ baggage: header }))?.baggage?.size).toBe(64);
  });
});

describe("w3cBaggage.inject", () => {
  it("writes the formatted baggage", () => {
    const record: HeaderRecord = {};
    w3cBaggage.inject(ctx({ userId: "Amélie", serverNode: "DF 28" }), headerAccess(record));
    expect(record).toEqual({ baggage: "userId=Am%C3%A9lie,serverNode=DF%2028" });
  });

  it.each([
    ["noBaggage", { ...span }],
    ["emptyBaggage", { ...span, baggage: new Map() }],
    ["onlyInvalidKeys", ctx({ "bad key": "1" })],
  ])("writes nothing when there is nothing to write: %s", (_name, context) => {
    const record: HeaderRecord = {};
    w3cBaggage.inject(context as InjectContext, headerAccess(record));
    expect(record).toEqual({});
  });

  it("baggage §3.5: merges into a caller-set header; the caller wins on a shared key", () => {
    const headers = new Headers({ baggage: "tenant=acme, userId=bob;pii" });
    w3cBaggage.inject(ctx({ userId: "alice", region: "eu" }), headerAccess(headers));
    expect(headers.get("baggage")).toBe("tenant=acme,userId=bob;pii,region=eu");
  });

  it("leaves the caller's header untouched when ours adds nothing new", () => {
    const record: HeaderRecord = { Baggage: "userId = bob , x=1" };
    w3cBaggage.inject(ctx({ userId: "alice", "bad key": "2" }), headerAccess(record));
    expect(record).toEqual({ Baggage: "userId = bob , x=1" });
  });

  it("baggage §3.3.2: the merged header stays within 64 members, the caller's first", () => {
    const callers = Array.from({ length: 60 }, (_, i) => `c${i}=1`).join(",");
    const ours = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`o${i}`, "2"]));
    const record: HeaderRecord = { baggage: callers };
    w3cBaggage.inject(ctx(ours), headerAccess(record));
    const written = parseBaggage(record.baggage as string, { maxMembers: 1000 });
    expect(written.size).toBe(64);
    expect(written.has("c59")).toBe(true);
    expect(written.has("o3")).toBe(true);
    expect(written.has("o4")).toBe(false);
  });

  it("baggage §3.3.2: the merged header stays within 8192 bytes, whole members only", () => {
    const record: HeaderRecord = { baggage: `c=${"x".repeat(6000)}` };
    w3cBaggage.inject(ctx({ big: "y".repeat(3000), small: "z" }), headerAccess(record));
    expect(record.baggage).toBe(`c=${"x".repeat(6000)},small=z`);
  });

  it("merges into a Request's headers", () => {
    const request = new Request("https://example.com", { headers: { baggage: "a=1" } });
    w3cBaggage.inject(ctx({ b: "2" }), headerAccess(request));
    expect(request.headers.get("baggage")).toBe("a=1,b=2");
  });
});

describe("w3cBaggage properties", () => {
  const keyArb = fc.string({
    unit: fc.constantFrom(..."abcXYZ019-_.!~"),
    minLength: 1,
    maxLength: 8,
  });
  const bagArb = fc.dictionary(keyArb, fc.string({ unit: "binary", maxLength: 16 }), {
    maxKeys: 80,
  });

  it("inject then extract gives back what fits, caller entries intact", () => {
    fc.assert(
      fc.property(bagArb, bagArb, (callerEntries, ourEntries) => {
        const caller = new Map(Object.entries(callerEntries).map(([k, v]) => [k, { value: v }]));
        const record: HeaderRecord = {};
        const callerHeader = formatBaggage(caller);
        if (callerHeader !== "") record.baggage = callerHeader;
        w3cBaggage.inject(ctx(ourEntries), headerAccess(record));
        const extracted = w3cBaggage.extract(headerAccess(record))?.baggage ?? new Map();
        for (const [k, v] of parseBaggage(callerHeader)) expect(extracted.get(k)).toEqual(v);
        for (const [k, v] of extracted) {
          if (!caller.has(k)) expect(v.value).toBe(ourEntries[k]);
        }
        expect(extracted.size).toBeLessThanOrEqual(64);
      }),
      { numRuns: 300 },
    );
  });
});
