/**
 * The lambda-collector section (issue 24): the time a collector that is
 * down adds to each Lambda invocation, for the quick start's handler
 * (`withTrace` from edge-trace/lambda with `exporter: otlp()`), beside the
 * same handler bare. With the extension (the default in Lambda) timed
 * through the Runtime API double from the runtime's `/next` to its posted
 * response; called directly, until the handler's promise resolves. Each
 * sample is a new process; bare and traced alternate, and each difference
 * is paired with the bare sample taken beside it.
 * @module
 */
import { DEFAULT_FLUSH_BUDGET_MS, DEFAULT_FLUSH_MARGIN_MS } from "../../src/lambda/flush.js";
import { ensureBuild } from "../../test/support/ensure-build.js";
import { startCollector } from "../lambda-runtime/collector.js";
import { closedPort } from "../memory/closed-port.js";
import type { Section } from "../section.js";
import { measureRow, WARM_UP_REMAINING_MS } from "./measure.js";
import { collectorTable, collectorTargets } from "./report.js";
import { collectorRows, type RowResult } from "./rows.js";

export const lambdaCollectorSection: Section = {
  name: "lambda-collector",
  async run({ options, root, log }) {
    const samples = options.quick ? 3 : 10;
    log("  lambda-collector: dist/ (npm run build when src/ is newer)");
    await ensureBuild(root);
    const hanging = await startCollector(Number.POSITIVE_INFINITY);
    const healthy = await startCollector(500);
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const rows = collectorRows({ hanging: hanging.url, healthy: healthy.url, refused });
    const results: RowResult[] = [];
    try {
      for (const row of rows) {
        results.push(await measureRow(row, samples));
        log(`  lambda-collector: ${row.id}, ${samples} samples`);
      }
    } finally {
      await Promise.all([hanging.close(), healthy.close()]);
    }
    return {
      markdown: [
        "## Lambda: what a collector that is down adds to each invocation",
        `The quick start's handler (\`withTrace\` from \`edge-trace/lambda\`, \`exporter: otlp()\` with default options, \`OTEL_EXPORTER_OTLP_ENDPOINT\` set to the collector) beside the same handler bare (bench/lambda-runtime/handlers/). **Extension**: each sample is a new environment, the handler module run by a runtime that follows Lambda's Node.js runtime (bench/lambda-runtime/node-runtime.mjs) against the Runtime API and Extensions API double, so edge-trace registers its extension during Init; one warm-up invocation (${WARM_UP_REMAINING_MS / 1000} s remaining), then the timed one, given its remaining time by the double's \`Lambda-Runtime-Deadline-Ms\`: from its \`/next\` returning until the runtime's \`POST …/response\` arrived (the double's clock, 1 ms steps). "/event/next" is when the extension asked for its next event, from the same start: the flush after the response, bounded by the deadline minus the ${DEFAULT_FLUSH_MARGIN_MS} ms margin and by the exporter's \`timeoutMs\` (10 s by default); with 15 s remaining it is waited for in the first sample only, and the other environments are stopped once the response is posted. **Called directly**: a new Node process without \`AWS_LAMBDA_RUNTIME_API\` (no extension: the flush before returning, within the ${DEFAULT_FLUSH_BUDGET_MS} ms budget) calls the handler once to warm up, then times the call until its promise resolves. ${samples} samples per row; median (min … max); "added" is paired: the traced sample minus the bare one taken beside it`,
        collectorTable(results),
      ],
      targets: collectorTargets(results, DEFAULT_FLUSH_BUDGET_MS),
      data: { samples, warmUpRemainingMs: WARM_UP_REMAINING_MS, rows: results },
    };
  },
};
