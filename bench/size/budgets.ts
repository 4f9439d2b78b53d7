/**
 * The size budgets, asserted by `npm test` (test/size/budgets.test.ts) and
 * shown in the bench's targets table. Gzip bytes, as wrangler counts them.
 * @module
 */

const KIB = 1024;

/** A Worker's gzipped size must stay within `maxGzipBytes`, or within `base`'s size plus it. */
export interface SizeBudget {
  /** The edge-trace Worker (bench/size/catalogue.ts id). */
  readonly worker: string;
  /** When set, the budget is relative: this Worker's gzip size plus `maxGzipBytes`. */
  readonly base?: string | undefined;
  /** The benchmark issue's target, checked by `npm run bench`. */
  readonly maxGzipBytes: number;
  /**
   * The regression ceiling `npm test` asserts: today's size plus a little.
   * The targets are not met yet (see the README's figures); this keeps a
   * change that bloats a Worker from passing CI unnoticed.
   */
  readonly ceilingGzipBytes: number;
  readonly description: string;
}

/** From the benchmark issue's targets. */
export const SIZE_BUDGETS: readonly SizeBudget[] = [
  {
    worker: "edge-propagation",
    maxGzipBytes: 2 * KIB,
    ceilingGzipBytes: 18.5 * KIB,
    description: "propagation-only Worker (withTrace, no exporter) ≤ 2 KiB gzip",
  },
  {
    worker: "edge-otlp",
    maxGzipBytes: 5 * KIB,
    ceilingGzipBytes: 18.5 * KIB,
    description: "withTrace + OTLP export Worker ≤ 5 KiB gzip",
  },
  {
    worker: "edge-hono-otlp",
    base: "hono",
    maxGzipBytes: 5 * KIB,
    ceilingGzipBytes: 15.5 * KIB,
    description: "Hono + tracing() + OTLP ≤ Hono + 5 KiB gzip",
  },
];

/** The OTLP Worker must also be this many times smaller than otel-cf-workers with OTLP. */
export const OTLP_VS_OTEL_CF_WORKERS = 10;
