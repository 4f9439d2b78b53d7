/**
 * The memory section: heap growth over 100,000 requests (10,000 with
 * `--quick`) through edge-trace/fetch's withTrace with the collector down,
 * in a Node child process with `--expose-gc`.
 * @module
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { buildScript, compileDist } from "../load/build.js";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { memoryTargets } from "../targets.js";
import { MEMORY_MARKER, type MemoryReport, memoryRequests } from "./settings.js";

const run = promisify(execFile);
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
const delta = (bytes: number): string => `${bytes >= 0 ? "+" : "−"}${mib(Math.abs(bytes))}`;

/** Heap after N requests with the collector down. */
export const memorySection: Section = {
  name: "memory",
  async run({ options, root, outDir, log }) {
    const requests = memoryRequests(options.quick);
    const dist = compileDist(root, outDir);
    const script = await buildScript(
      join(root, "bench/memory/main.ts"),
      join(outDir, "memory/main.mjs"),
    );
    log(`memory: ${requests} requests, collector down`);
    const fetchModule = pathToFileURL(join(dist.dir, "fetch.js")).href;
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")),
    );
    const { stdout } = await run(
      process.execPath,
      ["--expose-gc", script, String(requests), fetchModule],
      { env, maxBuffer: 1 << 20 },
    );
    const line = stdout.split("\n").find((l) => l.startsWith(MEMORY_MARKER));
    if (!line) throw new Error("memory: the child printed no report");
    const report = JSON.parse(line.slice(MEMORY_MARKER.length)) as MemoryReport;
    return {
      markdown: [
        "## Memory: heap with the collector down",
        `${report.requests.toLocaleString("en")} requests through edge-trace/fetch \`withTrace\` (compiled package, ${report.runtime}, \`--expose-gc\`), OTLP export to a closed port on 127.0.0.1 (default batching: 2048-span queue, 512-span batches, 5 s timer, retries), driven in-process in sequential batches of 100 concurrent calls with a realistic traceparent, tracestate and baggage; the handler's one \`trace.fetch\` is answered in memory (the \`fetch\` option), the export requests go to the network and are refused. heapUsed after two \`gc()\` calls; drops and failures are what \`onError\` reported. workerd is not measured: it exposes no heap figure outside the isolate, and a Worker flushes per request rather than keeping a queue between requests.`,
        ...(dist.note ? [dist.note] : []),
        table(
          [
            "runtime",
            "requests:",
            "heap start MiB:",
            "after 10 % MiB:",
            "end MiB:",
            "growth MiB:",
            "bound MiB:",
            "RSS start → end MiB:",
            "spans dropped:",
            "spans failed export:",
            "s:",
          ],
          [
            [
              report.runtime,
              report.requests.toLocaleString("en"),
              mib(report.baselineHeap),
              mib(report.tenPercentHeap),
              mib(report.finalHeap),
              delta(report.finalHeap - report.baselineHeap),
              mib(report.boundBytes),
              `${mib(report.baselineRss)} → ${mib(report.finalRss)}`,
              report.droppedSpans.toLocaleString("en"),
              `${report.failedSpans.toLocaleString("en")} (${report.failedExports} exports)`,
              report.seconds.toFixed(1),
            ],
          ],
        ),
      ],
      targets: memoryTargets(report),
      data: report,
    };
  },
};
