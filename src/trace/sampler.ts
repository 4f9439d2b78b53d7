/**
 * Head sampling: parent-based, with a trace-id ratio for roots.
 * @see https://opentelemetry.io/docs/specs/otel/trace/sdk/#built-in-samplers
 * @module
 */

/** What a sampler decides on. */
export interface SamplingInput {
  readonly traceId: string;
  /** The trusted parent's decision: `undefined` for a root or a parent with no decision. */
  readonly parentSampled: boolean | undefined;
}

/** Returns true to record the trace. */
export type Sampler = (input: SamplingInput) => boolean;

/** Records everything. */
export const alwaysOn: Sampler = () => true;

/** Records nothing (context still propagates). */
export const alwaysOff: Sampler = () => false;

// Written out: a bundler keeps `2 ** 28` in dist/shared.js as if it might have effects.
const TWO_POW_28 = 0x1000_0000;
const TWO_POW_56 = 0x100_0000_0000_0000;

/**
 * Samples a fixed share of traces, deterministically from the trace id's
 * rightmost 56 bits (W3C Level 2's random part), so that every service
 * using the same ratio makes the same decision for the same trace.
 * @see https://opentelemetry.io/docs/specs/otel/trace/tracestate-probability-sampling/
 * @param ratio - 0 to 1.
 * @returns the sampler.
 * @example
 * const sampler = traceIdRatio(0.1);
 */
export function traceIdRatio(ratio: number): Sampler {
  const p = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1;
  if (p >= 1) return alwaysOn;
  if (p <= 0) return alwaysOff;
  const threshold = (1 - p) * TWO_POW_56;
  return ({ traceId }) => randomness(traceId) >= threshold;
}

/**
 * Follows a parent's decision and asks `root` when there is none.
 * @param root - the sampler for new traces.
 * @returns the sampler.
 */
export function parentBased(root: Sampler): Sampler {
  return (input) => input.parentSampled ?? root(input);
}

function randomness(traceId: string): number {
  const high = Number.parseInt(traceId.slice(18, 25), 16);
  const low = Number.parseInt(traceId.slice(25, 32), 16);
  return high * TWO_POW_28 + low;
}
