/**
 * The size budgets, asserted by `npm test` (test/size/budgets.test.ts) and
 * shown in the bench's targets table. Gzip bytes of the minified esbuild
 * bundle, as `wrangler deploy` uploads it.
 * @module
 */

const KIB = 1024;

/** A Worker's gzipped size must stay within `maxGzipBytes`, or within `base`'s size plus it. */
export interface SizeBudget {
  /** The edge-trace Worker (bench/size/catalogue.ts id). */
  readonly worker: string;
  /** When set, the budget is relative: this Worker's gzip size plus `maxGzipBytes`. */
  readonly base?: string | undefined;
  readonly maxGzipBytes: number;
  readonly description: string;
}

/** Pay only for what you import: each reference Worker within its budget. */
export const SIZE_BUDGETS: readonly SizeBudget[] = [
  {
    worker: "edge-core",
    maxGzipBytes: 2 * KIB,
    description: "extract/inject only ≤ 2 KiB gzip",
  },
  {
    worker: "edge-propagation",
    maxGzipBytes: 5 * KIB,
    description: "withTrace({ fetch }), no exporter ≤ 5 KiB gzip",
  },
  {
    worker: "edge-otlp",
    maxGzipBytes: 7 * KIB,
    description: "withTrace + otlp() ≤ 7 KiB gzip",
  },
  {
    worker: "edge-hono-otlp",
    base: "hono",
    maxGzipBytes: 7 * KIB,
    description: "Hono + tracing() + otlp() ≤ Hono + 7 KiB gzip",
  },
];
