/**
 * The micro section: like-for-like check, then extract/inject per runtime.
 * @module
 */
import type { Section } from "../section.js";
import { speedTargets } from "../targets.js";
import { breakdownTable, microTable } from "./report.js";
import { buildMicro, runMicro } from "./runtimes.js";
import type { MicroReport } from "./settings.js";

/** Micro benchmarks in Node, Bun, Deno and workerd. */
export const microSection: Section = {
  name: "micro",
  async run({ options, root, outDir, log }) {
    log("micro: building bundles");
    const bundles = await buildMicro({ root, outDir });
    const reports: MicroReport[] = [];
    for (const runtime of options.runtimes) {
      log(`micro: ${runtime}`);
      const run = { quick: options.quick, clock: options.clock };
      reports.push(await runMicro(runtime, bundles, run, { root, outDir }, log));
    }
    return {
      markdown: [
        "## Micro: per request, median of alternated rounds",
        "Extract + inject of a realistic header set (traceparent, 3-member tracestate, 5-member baggage with a property and a percent-encoded value) re-emitting the same context; extract only; inject only; malformed headers. Floor: `Headers` get/set of the three headers. Ratios are computed within each round. workerd is timed from outside: (N-iteration request − empty request) ÷ N. Clock: the runtime process's CPU time (workerd's from /proc), so time spent waiting for a CPU on a busy machine is not counted; `--clock=wall` for elapsed time.",
        microTable(reports),
        "### Where edge-trace's time goes",
        "Each step alone; the whole call minus its steps is the glue (carrier wrapper, object copies, outbound policy, baggage merge).",
        breakdownTable(reports),
      ],
      targets: speedTargets(reports),
      data: reports,
    };
  },
};
