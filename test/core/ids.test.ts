import { describe, expect, it } from "vitest";
import { isValidHexId } from "../../src/core/hex.js";
import { createIdGenerator } from "../../src/core/ids.js";

describe("ids (trace-context-2 §3.2.2.3 trace-id, §3.2.2.4 parent-id)", () => {
  it("generates lowercase hex of the right length", () => {
    const ids = createIdGenerator();
    for (let i = 0; i < 2000; i++) {
      expect(ids.traceId()).toMatch(/^[0-9a-f]{32}$/);
      expect(ids.spanId()).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("never returns an all-zero id, even when the random source yields zeros", () => {
    let calls = 0;
    const ids = createIdGenerator((bytes) => {
      calls++;
      bytes.fill(calls < 3 ? 0 : 7);
    });
    expect(ids.traceId()).toBe("07".repeat(16));
    expect(calls).toBe(3);
  });

  it("draws randomness in batches, not once per id", () => {
    let calls = 0;
    const ids = createIdGenerator((bytes) => {
      calls++;
      crypto.getRandomValues(bytes);
    });
    for (let i = 0; i < 100; i++) ids.spanId();
    expect(calls).toBe(1);
  });

  it("does not repeat ids", () => {
    const ids = createIdGenerator();
    const seen = new Set(Array.from({ length: 10_000 }, () => ids.spanId()));
    expect(seen.size).toBe(10_000);
  });
});

describe("isValidHexId: the one validator for every id path", () => {
  it.each([
    ["valid", "0af7651916cd43dd", true],
    ["invalid_uppercase", "0AF7651916CD43DD", false],
    ["invalid_allZeros", "0000000000000000", false],
    ["invalid_nonHex", "0af7651916cd43dg", false],
    ["invalid_short", "0af7651916cd43d", false],
  ])("%s", (_name, value, expected) => {
    expect(isValidHexId(value, 16)).toBe(expected);
  });
});
