/**
 * The memory section: heap growth over 100,000 requests (10,000 with
 * `--quick`) through edge-trace/fetch's withTrace with the collector down,
 * in a Node child process with `--expose-gc`; and workerd's resident set
 * size over 20,000 requests (5,000) through the edge-trace + OTLP Worker
 * with its collector down.
 * @module
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { buildScript, compileDist } from "../load/build.js";
import { workerdVersion } from "../load/workerd.js";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { memoryTargets } from "../targets.js";
import {
  CONCURRENCY,
  MEMORY_MARKER,
  type MemoryReport,
  memoryRequests,
  type WorkerdMemoryReport,
  type WorkerdRun,
  workerdMemorySeconds,
} from "./settings.js";
import { workerdMemory } from "./workerd.js";

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
    const node = JSON.parse(line.slice(MEMORY_MARKER.length)) as MemoryReport;
    let workerd: WorkerdMemoryReport | undefined;
    if (options.runtimes.includes("workerd")) {
      const seconds = workerdMemorySeconds(options.quick);
      log(`memory: workerd, ${seconds} s with the collector up, then ${seconds} s down`);
      workerd = await workerdMemory(root, outDir, seconds, workerdVersion(root));
    }
    return {
      markdown: [
        "## Memory with the collector down",
        `Node: ${node.requests.toLocaleString("en")} requests through edge-trace/fetch \`withTrace\` (compiled package, \`node --expose-gc\`), OTLP export to a closed port on 127.0.0.1 with the default batching (2048-span queue, 512-span batches, 5 s timer, retries), driven in-process in sequential batches of ${CONCURRENCY} concurrent calls carrying a realistic traceparent, tracestate and baggage. The handler's one \`trace.fetch\` is answered in memory (the \`fetch\` option) so the run takes seconds; the export requests go to the network and are refused. heapUsed after two \`gc()\` calls; drops and failures are what \`onError\` reported.`,
        ...(dist.note ? [dist.note] : []),
        nodeTable(node),
        ...(workerd ? workerdBlocks(workerd) : []),
      ],
      targets: memoryTargets(node, workerd),
      data: { node, workerd },
    };
  },
};

function nodeTable(node: MemoryReport): string {
  return table(
    [
      "runtime",
      "requests:",
      "heap MiB: start → 10 % → end",
      "heap growth MiB:",
      "RSS MiB: start → end",
      "spans dropped:",
      "failed export:",
      "s:",
    ],
    [
      [
        node.runtime,
        node.requests.toLocaleString("en"),
        `${mib(node.baselineHeap)} → ${mib(node.tenPercentHeap)} → ${mib(node.finalHeap)}`,
        delta(node.finalHeap - node.baselineHeap),
        `${mib(node.baselineRss)} → ${mib(node.finalRss)}`,
        node.droppedSpans.toLocaleString("en"),
        `${node.failedSpans.toLocaleString("en")} spans (${node.failedExports} exports)`,
        node.seconds.toFixed(1),
      ],
    ],
  );
}

function workerdBlocks(w: WorkerdMemoryReport): string[] {
  const row = (collector: string, run: WorkerdRun): string[] => [
    collector,
    run.requests.toLocaleString("en"),
    run.reqPerSec.toFixed(0),
    run.p99.toFixed(0),
    run.cpuUsPerRequest.toFixed(0),
    `${mib(run.baselineHeap)} → ${mib(run.tenPercentHeap)} (10 %) → ${mib(run.finalHeap)}`,
    mib(run.finalRss),
    String(run.failedResponses),
  ];
  return [
    "### workerd: the edge-trace + OTLP Worker, collector up and down",
    `${w.runtime}. The Worker under autocannon (50 connections) for ${w.down.seconds.toFixed(0)} s after a 500-request warm-up, first with the load test's sink up, then in a new workerd with the collector on a closed port. Heap: the Worker's V8 heap after a full collection, read through workerd's inspector (a heap snapshot collects first). RSS: the whole workerd process at the end, Miniflare's own workers and the allocator's reserves included.`,
    table(
      [
        "collector",
        "responses:",
        "req/s:",
        "p99 ms:",
        "CPU µs/req:",
        "heap MiB",
        "RSS MiB:",
        "failed:",
      ],
      [row("up", w.up), row("down", w.down)],
    ),
    w.output.length > 0
      ? `workerd printed, collector down (most frequent first): ${w.output.map((line) => `\`${line}\``).join("; ")}`
      : "workerd printed nothing with the collector down.",
  ];
}
