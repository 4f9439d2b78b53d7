import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTracestate, parseTracestate, TraceState } from "../../../src/core/w3c/tracestate.js";

// A state keeps its members as they came (OWS aside) and splits them only
// when read; a header with OWS, empty members or duplicates gives the same
// state as the same header in normal form.

/** The state the full parse gives: a header with OWS added never takes the fast path. */
const slow = (header: string): TraceState | undefined =>
  parseTracestate(` ${header.replaceAll(",", " ,\t")}`);

describe("tracestate: normal-form headers are kept whole", () => {
  it.each([
    ["single", "rojo=00f067aa0ba902b7", 1],
    ["three", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,dd=s:1;o:rum", 3],
    ["leadingSpaceInValue", "a=  x,b=2", 2],
    ["allKeyChars", "a0_-*/@=1", 1],
    ["thirtyTwo", Array.from({ length: 32 }, (_, i) => `k${i}=${i}`).join(","), 32],
  ])("keeps %s as it came", (_name, header, size) => {
    const state = parseTracestate(header)!;
    expect(state.size).toBe(size);
    expect(formatTracestate(state, Number.POSITIVE_INFINITY)).toBe(header);
    expect(state.entries()).toEqual(slow(header)!.entries());
  });

  it.each<[string, string, string | undefined]>([
    ["empty", "", ""],
    ["owsAfterComma", "a=1, b=2", "a=1,b=2"],
    ["owsBeforeComma", "a=1 ,b=2", "a=1,b=2"],
    ["leadingOws", " a=1", "a=1"],
    ["trailingOws", "a=1\t", "a=1"],
    ["emptyMember", "a=1,,b=2", "a=1,b=2"],
    ["trailingComma", "a=1,", "a=1"],
    ["leadingComma", ",a=1", "a=1"],
    ["duplicateKey", "a=1,b=2,a=3", "a=1,b=2"],
    ["thirtyThree", Array.from({ length: 33 }, (_, i) => `k${i}=${i}`).join(","), undefined],
    ["invalidKey", "A=1", undefined],
    ["emptyValue", "a=", undefined],
    ["noEquals", "a", undefined],
    ["valueWithEquals", "a=b=c", undefined],
    ["key257", `${"k".repeat(257)}=1`, undefined],
    ["value257", `k=${"v".repeat(257)}`, undefined],
  ])("normalizes %s (or rejects it whole)", (_name, header, written) => {
    expect(parseTracestate(header)?.toString()).toBe(written);
  });

  it("issue #16: members nobody touched go out byte for byte beside a changed one", () => {
    const header = "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7 ,dd=s:1;o:rum;t.dm:-4,x=  ~!";
    const kept = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,dd=s:1;o:rum;t.dm:-4,x=  ~!";
    const state = parseTracestate(header)!;
    expect(state.set("ours", "1").toString()).toBe(`ours=1,${kept}`);
    expect(state.set("rojo", "2").toString()).toBe(
      "rojo=2,congo=t61rcWkgMzE,dd=s:1;o:rum;t.dm:-4,x=  ~!",
    );
    expect(state.delete("congo").toString()).toBe(
      "rojo=00f067aa0ba902b7,dd=s:1;o:rum;t.dm:-4,x=  ~!",
    );
  });

  it("an unchanged state re-emits the header it came in", () => {
    const header = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
    expect(parseTracestate(header)!.toString()).toBe(header);
    // and the full parse writes the same normal form
    expect(slow(header)!.toString()).toBe(header);
  });

  it("the normal form of a header with OWS, empty members and duplicates", () => {
    expect(parseTracestate(" a=1 ,, b=2 ,\ta=3 ")!.toString()).toBe("a=1,b=2");
  });

  it("the 512-char limit still applies to a kept header", () => {
    const entry = (key: string): string => `${key}=${"v".repeat(100 - key.length - 1)}`;
    const smalls = Array.from({ length: 6 }, (_, i) => entry(`s${i}`));
    const state = parseTracestate(smalls.join(","))!;
    expect(formatTracestate(state)).toBe(smalls.slice(0, 5).join(","));
    expect(formatTracestate(state, Number.POSITIVE_INFINITY)).toBe(smalls.join(","));
  });

  it("reads, then changes, a kept state", () => {
    const state = parseTracestate("a=1,b=2,c=3")!;
    expect(state.get("b")).toBe("2");
    expect(state.get("z")).toBeUndefined();
    expect(Object.isFrozen(state.entries())).toBe(true);
    expect(Object.isFrozen(state.entries()[0])).toBe(true);
    expect(state.set("c", "9").toString()).toBe("c=9,a=1,b=2");
    expect(state.delete("a").toString()).toBe("b=2,c=3");
    expect(state.toString()).toBe("a=1,b=2,c=3");
  });

  it("changes a kept state without reading it first", () => {
    expect(parseTracestate("a=1,b=2")!.set("z", "0").toString()).toBe("z=0,a=1,b=2");
    expect(parseTracestate("a=1,b=2")!.delete("b").entries()).toEqual([["a", "1"]]);
    expect(parseTracestate("a=1")!.delete("zz").size).toBe(1);
  });

  it("a state built by set formats once and stays the same", () => {
    const state = TraceState.EMPTY.set("a", "1").set("b", "2");
    expect(state.toString()).toBe("b=2,a=1");
    expect(state.toString()).toBe("b=2,a=1");
    expect(state.size).toBe(2);
  });
});

describe("tracestate: the fast and the full parse agree", () => {
  const key = fc
    .tuple(
      fc.constantFrom(..."abz09"),
      fc.string({ unit: fc.constantFrom(..."az09_-*/@"), maxLength: 6 }),
    )
    .map(([a, b]) => a + b);
  const value = fc.string({ unit: fc.constantFrom(..."a Z=,~!\t"), minLength: 0, maxLength: 6 });
  const header = fc
    .array(fc.tuple(key, value), { maxLength: 34 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(","));

  it("kept or parsed, the entries and the written header are the same", () => {
    fc.assert(
      fc.property(header, (h) => {
        const fast = parseTracestate(h);
        const full = slow(h);
        expect(fast?.entries()).toEqual(full?.entries());
        expect(fast?.size).toBe(full?.size);
        if (fast && full) {
          expect(fast.toString()).toBe(full.toString());
          expect(formatTracestate(fast, Number.POSITIVE_INFINITY)).toBe(
            formatTracestate(full, Number.POSITIVE_INFINITY),
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});
