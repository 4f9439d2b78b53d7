/**
 * Settings and the report shape shared by the runtime entries and the orchestrator.
 * @module
 */
import type { Step } from "./breakdown.js";
import type { CaseName, Impl } from "./cases.js";
import type { RatioSpec, RoundsResult } from "./run.js";

/** Prefixes the one stdout line that carries a runtime's report. */
export const MICRO_MARKER = "EDGE_TRACE_MICRO ";

/** otel/edge-trace: how many times faster we are; edge-trace/floor: our cost over the floor. */
export const RATIOS: readonly RatioSpec<Impl>[] = [
  ["otel", "edge-trace"],
  ["edge-trace", "floor"],
  ["floor", "otel"],
];

/** How long each timed batch lasts and how many rounds are alternated. */
export interface MicroSettings {
  readonly batchMs: number;
  readonly rounds: number;
  /** `"wall"` forces elapsed time; default CPU time where the runtime gives it. */
  readonly clock?: "cpu" | "wall" | undefined;
}

/**
 * @param quick - the short run (`--quick`).
 * @param clock - `"wall"` to force elapsed time.
 * @returns the batch length and round count.
 */
export function microSettings(quick: boolean, clock?: "cpu" | "wall"): MicroSettings {
  return quick ? { batchMs: 10, rounds: 5, clock } : { batchMs: 40, rounds: 15, clock };
}

/** One runtime's results. */
export interface MicroReport {
  /** e.g. `"Node 20.20.2"`. */
  readonly runtime: string;
  /** `"cpu"`: the runtime's process CPU time; `"wall"`: elapsed time. */
  readonly clock: "cpu" | "wall";
  readonly cases: Record<CaseName, RoundsResult<Impl>>;
  /** Where edge-trace's time goes (in-process runtimes only). */
  readonly breakdown?: readonly Step[] | undefined;
}
