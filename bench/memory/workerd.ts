/**
 * The memory run in workerd: the edge-trace + OTLP Worker under autocannon
 * with its collector down (a closed port), and workerd's resident set size
 * from /proc after a warm-up, after 10 % of the time and at the end. V8's
 * heap inside workerd is not visible from outside, so RSS is the figure:
 * it includes V8's and the allocator's reserves, so its trend is what
 * counts. The same Worker with the collector up is run first, for scale.
 * @module
 */
import type { Result } from "autocannon";
import { buildWorkers } from "../load/build.js";
import { cpuMs, rssBytes } from "../load/proc.js";
import { cannon, sendRequests } from "../load/run.js";
import { startUpstream } from "../load/upstream.js";
import { startWorker, type WorkerTarget } from "../load/workerd.js";
import { closedPort } from "./closed-port.js";
import type { WorkerdMemoryReport } from "./settings.js";

/** Connections: as the load test. */
const CONNECTIONS = 50;
/** Requests before the baseline is read: JIT, pools, the isolate's steady state. */
const WARMUP = 500;

interface Phase {
  readonly results: readonly Result[];
  readonly cpuMs: number;
  readonly seconds: number;
}

async function phase(target: WorkerTarget, run: () => Promise<Result[]>): Promise<Phase> {
  const cpu = cpuMs(target.pid);
  const started = performance.now();
  const results = await run();
  return {
    results,
    cpuMs: cpuMs(target.pid) - cpu,
    seconds: (performance.now() - started) / 1000,
  };
}

function figures(p: Phase): { reqPerSec: number; p99: number; cpuUsPerRequest: number } {
  const responses = p.results.reduce((n, r) => n + r["2xx"] + r.non2xx, 0);
  return {
    reqPerSec: responses / p.seconds,
    p99: Math.max(...p.results.map((r) => r.latency.p99)),
    cpuUsPerRequest: (p.cpuMs * 1000) / Math.max(1, responses),
  };
}

/**
 * @param root - the repository root.
 * @param outDir - bench/out.
 * @param seconds - load after the warm-up, collector down (and as long again with it up).
 * @param runtime - the workerd version, for the report.
 * @returns RSS at the three points, throughput, latency and CPU, up and down.
 */
export async function workerdMemory(
  root: string,
  outDir: string,
  seconds: number,
  runtime: string,
): Promise<WorkerdMemoryReport> {
  const [worker] = await buildWorkers(root, outDir, ["edge-otlp"]);
  const upstream = await startUpstream(root, outDir);
  const started: WorkerTarget[] = [];
  try {
    const up = await startWorker(worker!, { UPSTREAM: upstream.url, SINK: upstream.sink });
    started.push(up);
    await sendRequests(up.url, CONNECTIONS, WARMUP);
    const upPhase = await phase(up, async () => [await cannon(up.url, CONNECTIONS, seconds)]);
    const upRss = rssBytes(up.pid);
    await up.close();
    started.pop();

    const sink = `http://127.0.0.1:${await closedPort()}`;
    const down = await startWorker(worker!, { UPSTREAM: upstream.url, SINK: sink });
    started.push(down);
    await sendRequests(down.url, CONNECTIONS, WARMUP);
    const baselineRss = rssBytes(down.pid);
    let tenPercentRss = baselineRss;
    const downPhase = await phase(down, async () => {
      const first = await cannon(down.url, CONNECTIONS, seconds / 10);
      tenPercentRss = rssBytes(down.pid);
      return [first, await cannon(down.url, CONNECTIONS, (seconds * 9) / 10)];
    });
    const finalRss = rssBytes(down.pid);
    const responses = downPhase.results.reduce((n, r) => n + r["2xx"] + r.non2xx, 0);
    return {
      runtime,
      requests: responses,
      baselineRss,
      tenPercentRss,
      finalRss,
      failedResponses: downPhase.results.reduce((n, r) => n + r.errors + r.non2xx, 0),
      seconds: downPhase.seconds,
      ...figures(downPhase),
      collectorUp: { ...figures(upPhase), rss: upRss },
      output: down.output.summary(),
    };
  } finally {
    for (const target of started) await target.close();
    await upstream.close();
  }
}
