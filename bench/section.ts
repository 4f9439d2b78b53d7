/**
 * The contract every benchmark section implements, so a new one (the
 * workerd load test, cold start, memory) is one module added to the list
 * in bench/index.ts.
 * @module
 */
import type { Runtime } from "./micro/runtimes.js";
import type { TargetResult } from "./targets.js";

/** The command line, parsed. */
export interface BenchOptions {
  /** The short run (`--quick`). */
  readonly quick: boolean;
  readonly runtimes: readonly Runtime[];
  /** Also run `wrangler deploy --dry-run` (off with `--quick` or `--no-wrangler`). */
  readonly wrangler: boolean;
  /** CPU time (default) or elapsed time (`--clock=wall`). */
  readonly clock: "cpu" | "wall";
}

/** What a section is given. */
export interface BenchContext {
  readonly options: BenchOptions;
  /** The repository root. */
  readonly root: string;
  /** bench/out: bundles, shims and results. */
  readonly outDir: string;
  /** Progress, to stderr. */
  readonly log: (line: string) => void;
}

/** What a section returns. */
export interface SectionResult {
  /** Markdown blocks (headings, prose, tables), in order. */
  readonly markdown: readonly string[];
  /** Its rows of the targets table. */
  readonly targets: readonly TargetResult[];
  /** Raw results, saved to bench/out/results.json. */
  readonly data: unknown;
}

/** One section of `npm run bench`, selected with `--only=<name>`. */
export interface Section {
  readonly name: string;
  run(context: BenchContext): Promise<SectionResult>;
}
