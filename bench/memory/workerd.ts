/**
 * The memory run in workerd: the edge-trace + OTLP Worker under autocannon,
 * first with its collector up, then in a new workerd with the collector
 * down (a closed port). The Worker's V8 heap is read through the inspector
 * after a warm-up, after 10 % of the time and at the end; workerd's
 * resident set at the end is shown beside it, for scale.
 * @module
 */
import { buildWorkers } from "../load/build.js";
import { cpuMs, rssBytes } from "../load/proc.js";
import { cannon, sendRequests } from "../load/run.js";
import { startUpstream } from "../load/upstream.js";
import { startWorker, type WorkerTarget } from "../load/workerd.js";
import { closedPort } from "./closed-port.js";
import { connectHeap } from "./heap.js";
import type { WorkerdMemoryReport, WorkerdRun } from "./settings.js";

/** Connections: as the load test. */
const CONNECTIONS = 50;
/** Requests before the baseline is read: JIT, pools, the isolate's steady state. */
const WARMUP = 500;

/**
 * Warms the Worker up, then loads it for `seconds`, reading its heap after
 * the warm-up, after 10 % of the time and at the end.
 */
async function measure(target: WorkerTarget, seconds: number): Promise<WorkerdRun> {
  const heap = await connectHeap(target.inspectorUrl!);
  try {
    await sendRequests(target.url, CONNECTIONS, WARMUP);
    const baselineHeap = await heap.usedAfterGc();
    const cpu = cpuMs(target.pid);
    const started = performance.now();
    const first = await cannon(target.url, CONNECTIONS, seconds / 10);
    const tenPercentHeap = await heap.usedAfterGc();
    const results = [first, await cannon(target.url, CONNECTIONS, (seconds * 9) / 10)];
    const elapsed = (performance.now() - started) / 1000;
    const cpuUs = (cpuMs(target.pid) - cpu) * 1000;
    const responses = results.reduce((n, r) => n + r["2xx"] + r.non2xx, 0);
    return {
      requests: responses,
      baselineHeap,
      tenPercentHeap,
      finalHeap: await heap.usedAfterGc(),
      finalRss: rssBytes(target.pid),
      failedResponses: results.reduce((n, r) => n + r.errors + r.non2xx, 0),
      seconds: elapsed,
      reqPerSec: responses / elapsed,
      p99: Math.max(...results.map((r) => r.latency.p99)),
      cpuUsPerRequest: cpuUs / Math.max(1, responses),
    };
  } finally {
    heap.close();
  }
}

/**
 * @param root - the repository root.
 * @param outDir - bench/out.
 * @param seconds - load after the warm-up, collector up, then as long down.
 * @param runtime - the workerd version, for the report.
 * @returns both runs' heap, RSS, throughput, latency and CPU.
 */
export async function workerdMemory(
  root: string,
  outDir: string,
  seconds: number,
  runtime: string,
): Promise<WorkerdMemoryReport> {
  const [worker] = await buildWorkers(root, outDir, ["edge-otlp"]);
  const upstream = await startUpstream(root, outDir);
  let target: WorkerTarget | undefined;
  try {
    target = await startWorker(worker!, { UPSTREAM: upstream.url, SINK: upstream.sink }, true);
    const up = await measure(target, seconds);
    await target.close();
    target = undefined;

    const closed = `http://127.0.0.1:${await closedPort()}`;
    target = await startWorker(worker!, { UPSTREAM: upstream.url, SINK: closed }, true);
    const down = await measure(target, seconds);
    return { runtime, up, down, output: target.output.summary() };
  } finally {
    await target?.close();
    await upstream.close();
  }
}
