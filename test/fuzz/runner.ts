/**
 * The vitest suite that runs fuzz properties (./properties-*.ts), shared by
 * the fuzz test files so vitest can run them on separate cores.
 *
 * `npm test`: a small sample per parser, so the files stay fast.
 * `npm run fuzz` (`FUZZ_RUNS=1000000`): the same properties, a million
 * inputs each, and the linear-time check (./linear.ts), with a summary of
 * cases, acceptances, failures and time per parser. `FUZZ_SEED` replays a
 * run; `FUZZ_GROW_EVERY` sets the share of 64 KiB inputs.
 * @module
 */
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { isSuperlinear, LINEAR_CASES, MAX_RATIO, timeRatio } from "./linear.js";
import { type FuzzTarget, GROW_EVERY } from "./property-kit.js";

/** Whether this is `npm run fuzz` rather than `npm test`. */
export const FULL = process.env.FUZZ_RUNS !== undefined;
const RUNS = FULL ? Number(process.env.FUZZ_RUNS) : 1500;
const SEED =
  process.env.FUZZ_SEED === undefined
    ? Date.now() ^ (Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED);
/** Generous: a million inputs of one parser take minutes on a slow CI core. */
const TIMEOUT = FULL ? 6 * 60 * 60 * 1000 : 30_000;

/**
 * Declares one test per target, and with `linear` the ratio check of the
 * parsers named in `linear`; prints a summary when the file ends.
 * @param targets - the parsers' properties.
 * @param linear - the parsers whose linear-time cases this file checks.
 */
export function describeFuzz(targets: readonly FuzzTarget[], linear: readonly string[]): void {
  const summary: string[] = [];

  describe(`fuzz: ${RUNS.toLocaleString("en")} hostile inputs per parser (seed ${SEED})`, () => {
    for (const target of targets) {
      test(
        `${target.name}: never throws, accepts only what the spec allows, writes only valid headers`,
        () => {
          let accepted = 0;
          let total = 0;
          const started = performance.now();
          const details = fc.check(
            target.property((ok) => {
              total++;
              if (ok) accepted++;
            }),
            { numRuns: RUNS, seed: SEED },
          );
          const seconds = (performance.now() - started) / 1000;
          summary.push(
            `${target.name.padEnd(12)} ${details.numRuns.toLocaleString("en").padStart(10)} cases  ` +
              `${String(Math.round((100 * accepted) / Math.max(total, 1))).padStart(3)}% accepted  ` +
              `${details.failed ? 1 : 0} failures  ${seconds.toFixed(1).padStart(6)} s`,
          );
          if (details.failed) {
            const report = fc.defaultReportMessage(details) ?? "property failed";
            throw new Error(`${report}\n${String(details.errorInstance)}`);
          }
          expect(details.numRuns).toBe(RUNS);
        },
        TIMEOUT,
      );
    }

    // A benchmark, not a unit test: only `npm run fuzz` asserts it.
    test.runIf(FULL && linear.length > 0)(
      `linear time: 64 KiB takes < ${MAX_RATIO}x the time of 16 KiB (linear ~4, quadratic ~16; over ${MAX_RATIO}, 256 KiB must confirm)`,
      () => {
        const superlinear: string[] = [];
        for (const c of LINEAR_CASES.filter((c) => linear.includes(c.parser))) {
          const r = timeRatio(c.make);
          const second = r.at256 === undefined ? "" : `, 256K/64K ${r.at256.toFixed(2)}`;
          const line = `${`${c.parser}: ${c.name}`.padEnd(40)} 64K/16K ${r.at64.toFixed(2)}${second}`;
          summary.push(line);
          if (isSuperlinear(r)) superlinear.push(line);
        }
        expect(superlinear).toEqual([]);
      },
      TIMEOUT,
    );
  });

  afterAll(() => {
    const share = `one input in ${GROW_EVERY} grown to 64 KiB`;
    process.stdout.write(`\nfuzz summary (seed ${SEED}, ${share}):\n${summary.join("\n")}\n`);
  });
}
