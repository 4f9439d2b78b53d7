/**
 * Where edge-trace's extract and inject spend their time: each parser and
 * formatter alone on the realistic headers, then the whole call, so the
 * glue (carrier wrapper, copies, policy, baggage merge) shows as the
 * difference. A diagnostic printed with the micro section, not a target.
 * @module
 */
import {
  extract,
  formatBaggage,
  formatTraceparent,
  formatTracestate,
  inject,
  parseBaggage,
  parseTraceparent,
  parseTracestate,
} from "../../src/index.js";
import { HOSTILE_PARSE, hostileBaggage, REALISTIC } from "./fixtures.js";
import { type Clock, calibrate, runRounds, type Stats, timeBatch } from "./run.js";

/** One step and its median cost. */
export interface Step {
  readonly step: string;
  readonly ns: Stats;
}

/**
 * @param now - the clock.
 * @param batchMs - the length of one timed batch.
 * @param rounds - alternated rounds.
 * @returns the median nanoseconds of each step.
 */
export async function breakdown(now: Clock, batchMs: number, rounds: number): Promise<Step[]> {
  const headers = new Headers(REALISTIC);
  const traceparent = REALISTIC.traceparent!;
  const tracestate = REALISTIC.tracestate!;
  const baggageHeader = REALISTIC.baggage!;
  const remote = extract(headers)!;
  const state = remote.traceState!;
  const hostile = hostileBaggage();
  const hostileHeaders = new Headers({ ...REALISTIC, baggage: hostile });
  const steps: Record<string, () => unknown> = {
    "Headers.get × 3": () => [
      headers.get("traceparent"),
      headers.get("tracestate"),
      headers.get("baggage"),
    ],
    parseTraceparent: () => parseTraceparent(traceparent),
    parseTracestate: () => parseTracestate(tracestate),
    parseBaggage: () => parseBaggage(baggageHeader),
    "extract (whole)": () => extract(headers),
    "new Headers + set × 3": () => {
      const out = new Headers();
      out.set("traceparent", traceparent);
      out.set("tracestate", tracestate);
      out.set("baggage", baggageHeader);
      return out;
    },
    formatTraceparent: () => formatTraceparent(remote),
    formatTracestate: () => formatTracestate(state),
    formatBaggage: () => formatBaggage(remote.baggage),
    "inject (whole, into new Headers)": () => {
      const out = new Headers();
      inject(remote, out);
      return out;
    },
    // Issue 20: reading a hostile header stops once it is no longer useful (target ≤ 0.5 ms).
    [HOSTILE_PARSE]: () => parseBaggage(hostile),
    "extract + inject (hostile baggage)": () => {
      const out = new Headers();
      inject(extract(hostileHeaders)!, out);
      return out;
    },
  };
  const names = Object.keys(steps);
  const iterations: Record<string, number> = {};
  for (const name of names) iterations[name] = calibrate(now, steps[name]!, undefined, batchMs);
  const result = await runRounds(
    names,
    rounds,
    (name) => timeBatch(now, steps[name]!, undefined, iterations[name]!),
    [],
  );
  return names.map((step) => ({ step, ns: result.perOp[step]! }));
}
