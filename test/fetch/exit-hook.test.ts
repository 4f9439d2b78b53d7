/**
 * The beforeExit registry: one listener per process, each sink flushed once
 * per batch of requests, nothing retained after a flush.
 */
import { expect, it } from "vitest";
import { flushBeforeExit, flushedOnDemand } from "../../src/server/exit-flush.js";
import type { SpanSink } from "../../src/trace/span-data.js";

function countingSink(): SpanSink & { flushes: (number | undefined)[] } {
  const flushes: (number | undefined)[] = [];
  return {
    flushes,
    onEnd() {},
    async flush(deadline) {
      flushes.push(deadline);
    },
  };
}

it("hooks beforeExit once and flushes each sink that has unflushed spans, once", () => {
  const listeners: (() => void)[] = [];
  const fakeProcess = { on: (_event: string, listener: () => void) => listeners.push(listener) };
  const a = countingSink();
  const b = countingSink();
  const c = countingSink();

  flushBeforeExit(a, { process: fakeProcess });
  flushBeforeExit(a, { process: fakeProcess });
  flushBeforeExit(b, { process: fakeProcess });
  flushBeforeExit(c, { process: fakeProcess });
  flushedOnDemand(c); // the application flushed it on its own
  expect(listeners).toHaveLength(1);

  const before = Date.now();
  listeners[0]?.();
  expect(a.flushes).toHaveLength(1);
  expect(b.flushes).toHaveLength(1);
  expect(c.flushes).toHaveLength(0);
  // Bounded: an exporter that is down cannot hold the exit for long.
  expect(a.flushes[0]).toBeGreaterThanOrEqual(before + 5_000);
  expect(a.flushes[0]).toBeLessThanOrEqual(Date.now() + 5_000);

  // The flush's own work ends; the loop drains again: nothing left, so the process exits.
  listeners[0]?.();
  expect(a.flushes).toHaveLength(1);
});
