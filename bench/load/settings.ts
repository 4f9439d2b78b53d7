/**
 * The load section's settings and result shapes.
 * @module
 */
import type { Stats } from "../micro/run.js";
import type { LoadSettings, RunSample } from "./run.js";

/**
 * Full: 10 s runs, 3 alternated rounds. Quick: 2 s, 1 round.
 * @param quick - the short run.
 * @returns the load settings.
 */
export function loadSettings(quick: boolean): LoadSettings {
  return quick
    ? { connections: 50, seconds: 2, rounds: 1, warmupSeconds: 1 }
    : { connections: 50, seconds: 10, rounds: 3, warmupSeconds: 2 };
}

/** The variants run again at a fixed rate, where CPU per request is not inflated by queueing. */
export const FIXED_RATE_VARIANTS: readonly string[] = [
  "bare",
  "edge-propagation",
  "edge-otlp",
  "edge-otlp-signals",
  "otel-cf-workers",
];

/**
 * @param quick - the short run.
 * @returns the fixed-rate settings: 300 req/s over 10 connections, below what every variant sustains.
 */
export function fixedRateSettings(quick: boolean): LoadSettings {
  return { ...loadSettings(quick), connections: 10, rate: 300 };
}

/** One variant's results over the rounds. */
export interface VariantResult {
  readonly id: string;
  readonly label: string;
  readonly samples: readonly RunSample[];
  readonly reqPerSec: Stats;
  readonly p50: Stats;
  readonly p99: Stats;
  readonly cpuUsPerRequest: Stats;
  /** This variant ÷ the group's base, computed within each round. */
  readonly cpuRatio: Stats;
  readonly throughputRatio: Stats;
  /** Upstream requests that carried a traceparent, over all rounds (0–1). */
  readonly tracedShare: number;
  /** OTLP export requests the sink received per response, over all rounds. */
  readonly exportsPerRequest: number;
}

/** Variants compared against the first of them, in one runtime. */
export interface LoadGroup {
  /** e.g. "workerd 2026-04-26 (miniflare 4.20260426.0)". */
  readonly runtime: string;
  readonly variants: readonly VariantResult[];
  /** workerd's output per variant, counted (empty when it printed nothing). */
  readonly output: readonly string[];
}

/** What the load section returns as data. */
export interface LoadReport {
  readonly settings: LoadSettings;
  readonly groups: readonly LoadGroup[];
  readonly notes: readonly string[];
}
