/**
 * The cold-start section's settings and result shape.
 * @module
 */
import type { Stats } from "../micro/run.js";

/** The variants started, in report order; the first is the base. */
export const COLD_START_VARIANTS: readonly string[] = [
  "bare",
  "edge-propagation",
  "edge-otlp",
  "otel-cf-workers",
];

/**
 * @param quick - the short run.
 * @returns alternated rounds: each starts every variant once.
 */
export function coldStartRounds(quick: boolean): number {
  return quick ? 3 : 10;
}

/** One variant's starts. */
export interface ColdStartVariant {
  readonly id: string;
  readonly label: string;
  /** `new Miniflare(…)` → first successful response, ms. */
  readonly wallMs: Stats;
  /** The new workerd's CPU time from its start to that response, ms. */
  readonly cpuMs: Stats | undefined;
  /** Of which the first request's, ms. */
  readonly firstRequestCpuMs: Stats | undefined;
  /** Minus bare's in the same round; undefined for bare. */
  readonly wallDiffMs: Stats | undefined;
  readonly cpuDiffMs: Stats | undefined;
}

/** What the cold-start section returns as data. */
export interface ColdStartReport {
  readonly rounds: number;
  readonly variants: readonly ColdStartVariant[];
}
