import { describe, expect, test } from "vitest";
import {
  type AttemptResult,
  backoffMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryWithinDeadline,
} from "../../src/spans/retry.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  test.each([
    ["0", 0],
    ["3", 3000],
    [" 120 ", 120_000],
    ["Wed, 01 Jan 2025 00:00:05 GMT", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["1.5", undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  test("absent", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  test("doubles from the initial backoff, capped, with jitter in the upper half", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0.999_999))).toEqual(
      [100, 200, 400, 800, 1000].map((v) => expect.closeTo(v, 2)),
    );
  });
});

describe("retryWithinDeadline", () => {
  const retryable = (retryAfterMs?: number): AttemptResult => ({
    ok: false,
    error: new Error("busy"),
    retryable: true,
    retryAfterMs,
  });

  test("never starts an attempt whose wait plus the last attempt's duration overruns the deadline", async () => {
    let clock = 0;
    let attempts = 0;
    const attempt = async (): Promise<AttemptResult> => {
      attempts++;
      clock += 400; // each attempt "takes" 400 ms
      return retryable(0);
    };
    const error = await retryWithinDeadline(attempt, {
      deadline: 1000,
      signal: new AbortController().signal,
      now: () => clock,
    }).catch((e: Error & { attempts?: number }) => e);
    // At 400 ms another 400 ms attempt fits (ends at 800); at 800 the next one would end at 1200.
    expect(attempts).toBe(2);
    expect((error as { attempts?: number }).attempts).toBe(2);
  });

  test("a non-retryable result ends it at once", async () => {
    let attempts = 0;
    const attempt = async (): Promise<AttemptResult> => {
      attempts++;
      return { ok: false, error: new Error("bad request"), retryable: false };
    };
    await expect(
      retryWithinDeadline(attempt, {
        deadline: Date.now() + 5000,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow("bad request");
    expect(attempts).toBe(1);
  });

  test("an abort during the backoff ends it with the last error", async () => {
    const controller = new AbortController();
    const attempt = async (): Promise<AttemptResult> => {
      setTimeout(() => controller.abort(), 10);
      return retryable(60_000 - 1);
    };
    await expect(
      retryWithinDeadline(attempt, { deadline: Date.now() + 60_000, signal: controller.signal }),
    ).rejects.toThrow("busy");
  });

  test("returns the number of attempts on success", async () => {
    let n = 0;
    const attempt = async (): Promise<AttemptResult> => (++n < 3 ? retryable(0) : { ok: true });
    await expect(
      retryWithinDeadline(attempt, {
        deadline: Date.now() + 5000,
        signal: new AbortController().signal,
      }),
    ).resolves.toBe(3);
  });
});
