import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createIdGenerator } from "../../src/core/ids.js";
import type { Inbound } from "../../src/core/inbound.js";
import { otlp } from "../../src/otlp.js";
import { resolveTracer } from "../../src/trace/resolve-tracer.js";
import { alwaysOn, parentBased, traceIdRatio } from "../../src/trace/sampler.js";

/** A trace id whose rightmost 56 bits (the part the ratio sampler reads) are `random56` hex digits. */
const traceId = (random56: string): string => `0123456789abcdef00${random56}`;
const LOW = traceId("00000000000001"); // sampled only at ratio 1
const HIGH = traceId("ffffffffffffff"); // sampled at any ratio > 0

function inbound(id: string, sampled?: boolean): Inbound {
  if (sampled === undefined) return { links: [], baggage: new Map() };
  const parent = {
    traceId: id,
    spanId: "00f067aa0ba902b7",
    traceFlags: sampled ? 1 : 0,
    sampled,
    format: "w3c",
  };
  return { parent, links: [], baggage: new Map() };
}

describe("sampling from OTEL_TRACES_SAMPLER", () => {
  const env = { OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.5" };
  const options = { exporter: otlp() };
  const start = (id: string, sampled?: boolean) =>
    resolveTracer(options, env).startTrace({
      name: "r",
      kind: "server",
      inbound: inbound(id, sampled),
    });

  test("roots: decided by the trace id against the ratio", () => {
    expect(resolveTracer(options, env).sampler({ traceId: LOW, parentSampled: undefined })).toBe(
      false,
    );
    expect(resolveTracer(options, env).sampler({ traceId: HIGH, parentSampled: undefined })).toBe(
      true,
    );
  });

  test("a trusted inbound decision is honoured either way", () => {
    expect(start(LOW, true).sampled).toBe(true);
    expect(start(HIGH, false).sampled).toBe(false);
  });

  test("default with nothing configured: parentbased_always_on", () => {
    const tracer = resolveTracer({}, {});
    expect(tracer.startTrace({ name: "r", kind: "server", inbound: inbound(LOW) }).sampled).toBe(
      true,
    );
    const unsampled = tracer.startTrace({
      name: "r",
      kind: "server",
      inbound: inbound(HIGH, false),
    });
    expect(unsampled.sampled).toBe(false);
    // Not sampled still propagates: the context is there, with the flag off.
    expect(unsampled.headers().traceparent).toMatch(/-00$/);
  });
});

describe("the trace-id ratio sampler", () => {
  const ids = createIdGenerator();

  test("independently created tracers (services) make the same decision for the same trace id", () => {
    const env = { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.3" };
    const serviceA = resolveTracer({ exporter: otlp({ serviceName: "a" }) }, { ...env });
    const serviceB = resolveTracer({ exporter: otlp({ serviceName: "b" }) }, { ...env });
    const direct = parentBased(traceIdRatio(0.3));
    for (let i = 0; i < 2000; i++) {
      const input = { traceId: ids.traceId(), parentSampled: undefined };
      const decision = serviceA.sampler(input);
      expect(serviceB.sampler(input)).toBe(decision);
      expect(direct(input)).toBe(decision);
    }
  });

  test.each([0.01, 0.1, 0.25, 0.5, 0.9])("samples about %d of 10,000 random trace ids", (ratio) => {
    const sampler = traceIdRatio(ratio);
    let sampled = 0;
    for (let i = 0; i < 10_000; i++) {
      if (sampler({ traceId: ids.traceId(), parentSampled: undefined })) sampled++;
    }
    // Loose on purpose (the binomial sd is ≤ 50): this checks the mapping, not the RNG.
    expect(sampled / 10_000).toBeGreaterThan(ratio - 0.03);
    expect(sampled / 10_000).toBeLessThan(ratio + 0.03);
  });

  test("a trace sampled at a ratio is sampled at every higher ratio (services with different rates agree)", () => {
    const hex = fc.stringMatching(/^[0-9a-f]{32}$/);
    const ratio = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(hex, ratio, ratio, (id, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const input = { traceId: id, parentSampled: undefined };
        return !traceIdRatio(low)(input) || traceIdRatio(high)(input);
      }),
    );
  });

  test("ratio 0 and 1, and nonsense, behave", () => {
    const input = { traceId: HIGH, parentSampled: undefined };
    expect(traceIdRatio(0)(input)).toBe(false);
    expect(traceIdRatio(1)({ traceId: LOW, parentSampled: undefined })).toBe(true);
    expect(traceIdRatio(Number.NaN)).toBe(alwaysOn);
  });
});
