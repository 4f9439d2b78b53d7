/**
 * The linear-time check of `npm run fuzz`: each parser on the same hostile
 * pattern at 16 KiB and 64 KiB. Linear parsing takes about 4x as long on
 * the larger input, quadratic about 16x; the check fails at {@link MAX_RATIO}.
 * A ratio of medians over many repetitions, not a wall-clock limit, so a
 * slow or busy machine does not fail it.
 * @module
 */

import { type HeaderRecord, headerAccess } from "../../src/core/carrier.js";
import { extract } from "../../src/core/extract.js";
import { b3Multi, b3Single } from "../../src/core/vendor/b3.js";
import { jaeger } from "../../src/core/vendor/jaeger.js";
import { parseXrayHeader } from "../../src/core/vendor/xray.js";
import { parseBaggage } from "../../src/core/w3c/baggage.js";
import { parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { parseTracestate } from "../../src/core/w3c/tracestate.js";

export const MAX_RATIO = 8;
const SMALL = 16 * 1024;
const LARGE = 64 * 1024;

/** One hostile pattern: `make(n)` builds an input of about `n` chars and returns the work to time. */
export interface LinearCase {
  readonly parser: string;
  readonly name: string;
  readonly make: (n: number) => () => unknown;
}

const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length));

function many(prefix: string, n: number, value: string): HeaderRecord {
  const out: HeaderRecord = {};
  for (let i = 0; i < n / (prefix.length + 8); i++) out[`${prefix}${i}`] = value;
  return out;
}

export const LINEAR_CASES: readonly LinearCase[] = [
  {
    parser: "traceparent",
    name: "OWS around a valid value",
    make: (n) => {
      const v = ` ${fill(" \t", n)}${TP}${fill("\t ", n)}`;
      return () => parseTraceparent(v);
    },
  },
  {
    parser: "traceparent",
    name: "future version, long tail",
    make: (n) => {
      const v = `cc${TP.slice(2)}-${fill("x-", n)}`;
      return () => parseTraceparent(v);
    },
  },
  {
    parser: "traceparent",
    name: "record with string[] values",
    make: (n) => {
      const v = Array.from({ length: n / 56 }, () => TP);
      return () => extract({ traceparent: v });
    },
  },
  {
    parser: "tracestate",
    name: "empty members",
    make: (n) => {
      const v = fill(", \t", n);
      return () => parseTracestate(v);
    },
  },
  {
    parser: "tracestate",
    name: "one long value",
    make: (n) => {
      const v = `a=${fill("b", n)}`;
      return () => parseTracestate(v);
    },
  },
  {
    parser: "tracestate",
    name: "many headers, 32 members",
    make: (n) => {
      const v = [
        ...Array.from({ length: 32 }, (_, i) => `k${i}=v`),
        ...Array.from({ length: n / 4 }, () => " "),
      ];
      return () => parseTracestate(v);
    },
  },
  {
    parser: "baggage",
    name: "many members",
    make: (n) => {
      const v = fill("k=v,", n);
      return () => parseBaggage(v);
    },
  },
  {
    parser: "baggage",
    name: "many distinct members",
    make: (n) => {
      const v = Array.from({ length: n / 10 }, (_, i) => `k${i}=v${i}`).join(",");
      return () => parseBaggage(v);
    },
  },
  {
    parser: "baggage",
    name: "many properties",
    make: (n) => {
      const v = `k=v${fill(";p=q", n)}`;
      return () => parseBaggage(v);
    },
  },
  {
    parser: "baggage",
    name: "percent escapes",
    make: (n) => {
      const v = `k=${fill("%C3%A9", n)}`;
      return () => parseBaggage(v);
    },
  },
  {
    parser: "baggage",
    name: "separators only",
    make: (n) => {
      const v = fill(";=,", n);
      return () => parseBaggage(v);
    },
  },
  {
    parser: "baggage",
    name: "one key repeated",
    make: (n) => {
      const v = fill("key=%41%42,", n);
      return () => parseBaggage(v);
    },
  },
  {
    parser: "b3",
    name: "long single header",
    make: (n) => {
      const v = { b3: fill("a-", n) };
      return () => b3Single.extract(headerAccess(v));
    },
  },
  {
    parser: "b3",
    name: "OWS and commas in X-B3-*",
    make: (n) => {
      const v = {
        "x-b3-traceid": fill(" ,", n),
        "x-b3-spanid": fill("\t", n),
        "x-b3-sampled": fill("true,", n),
      };
      return () => b3Multi.extract(headerAccess(v));
    },
  },
  {
    parser: "x-ray",
    name: "separators only",
    make: (n) => {
      const v = fill(";=", n);
      return () => parseXrayHeader(v);
    },
  },
  {
    parser: "x-ray",
    name: "unknown fields",
    make: (n) => {
      const v = `Root=1-5759e988-bd862e3fe1be46a994272793;${fill("Self=1-abc;", n)}Parent=53995c3f42cd8ad8`;
      return () => parseXrayHeader(v);
    },
  },
  {
    parser: "x-ray",
    name: "repeated Lineage",
    make: (n) => {
      const v = `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;${fill("LINEAGE=a:1;", n)}`;
      return () => parseXrayHeader(v);
    },
  },
  {
    parser: "jaeger",
    name: "long encoded uber-trace-id",
    make: (n) => {
      const v = { "uber-trace-id": fill("%3A", n) };
      return () => jaeger.extract(headerAccess(v));
    },
  },
  {
    parser: "jaeger",
    name: "long uberctx value",
    make: (n) => {
      const v = { "uberctx-k": fill("%41", n) };
      return () => jaeger.extract(headerAccess(v));
    },
  },
  {
    parser: "jaeger",
    name: "many uberctx headers",
    make: (n) => {
      const v = many("uberctx-k", n, "v");
      return () => jaeger.extract(headerAccess(v));
    },
  },
];

function timeBatch(work: () => unknown, times: number): number {
  const started = performance.now();
  for (let i = 0; i < times; i++) work();
  return performance.now() - started;
}

/** The fastest of interleaved batches at each size: other processes and GC only ever add time. */
function ratioOnce(small: () => unknown, large: () => unknown): number {
  // Enough repetitions that one batch of the small input takes ~10 ms.
  let times = 1;
  while (timeBatch(small, times) < 10 && times < 1 << 20) times *= 2;
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  // Nine trials, fewer when they take over 5 s: a quadratic path is slow to measure.
  const deadline = performance.now() + 5000;
  for (let trial = 0; trial < 9 && (trial < 2 || performance.now() < deadline); trial++) {
    bestSmall = Math.min(bestSmall, timeBatch(small, times));
    bestLarge = Math.min(bestLarge, timeBatch(large, times));
  }
  return bestLarge / Math.max(bestSmall, 1e-6);
}

/** The lowest of up to three measurements, stopping once one is under {@link MAX_RATIO}. */
function ratio(small: () => unknown, large: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best >= MAX_RATIO; attempt++) {
    best = Math.min(best, ratioOnce(small, large));
  }
  return best;
}

/**
 * The 64 KiB / 16 KiB time ratio, and when it is over {@link MAX_RATIO},
 * the 256 KiB / 64 KiB one as a second opinion. A linear parser can cross
 * 8 once, where its working set outgrows a CPU cache (or on a busy
 * machine); a quadratic one is ~16 at both steps.
 * @param make - builds the work for an input size.
 * @returns the ratio at 64 KiB and, if measured, at 256 KiB.
 */
export function timeRatio(make: LinearCase["make"]): { at64: number; at256?: number } {
  const at64 = ratio(make(SMALL), make(LARGE));
  if (at64 < MAX_RATIO) return { at64 };
  return { at64, at256: ratio(make(LARGE), make(LARGE * 4)) };
}

/** Superlinear when both steps are over the limit. */
export function isSuperlinear(r: { at64: number; at256?: number }): boolean {
  return r.at64 >= MAX_RATIO && (r.at256 ?? 0) >= MAX_RATIO;
}
