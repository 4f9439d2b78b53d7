/**
 * The memory run, in its own Node process (`node --expose-gc`):
 * `main.mjs <requests> <compiled fetch.js URL>`. edge-trace/fetch's
 * `withTrace` with OTLP export to a port nothing listens on (the collector
 * is down), driven in-process with Request objects in sequential batches of
 * concurrent calls. The handler's one outbound `trace.fetch` is answered in
 * memory (the `fetch` option), so 100,000 requests take seconds; the export
 * requests go to the real network and are refused. Prints one JSON line.
 * @module
 */
import { REALISTIC } from "../micro/fixtures.js";
import { closedPort } from "./closed-port.js";
import { CONCURRENCY, HEAP_BOUND_BYTES, MEMORY_MARKER, type MemoryReport } from "./settings.js";

interface DiagnosticEvent {
  readonly type: string;
  readonly count?: number;
  readonly spanCount?: number;
}
type Handler = ((request: Request, info: unknown) => Promise<Response>) & {
  flush(deadline?: number): Promise<void>;
};
interface FetchModule {
  withTrace(
    handler: (request: Request, info: unknown, trace: { fetch: typeof fetch }) => Promise<Response>,
    options: { exporter: unknown; fetch: typeof fetch; flushOnExit: boolean },
  ): Handler;
}
interface OtlpModule {
  otlp(options: { endpoint: string; onError: (event: DiagnosticEvent) => void }): unknown;
}

const UPSTREAM = "http://upstream.invalid/items";

function heap(): { heapUsed: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function main(): Promise<MemoryReport> {
  const requests = Number(process.argv[2]);
  const fetchModule = process.argv[3];
  if (!(requests > 0) || !fetchModule) throw new Error("usage: main.mjs <requests> <fetch.js URL>");
  const { withTrace } = (await import(fetchModule)) as FetchModule;
  const { otlp } = (await import(fetchModule.replace(/fetch\.js$/, "otlp.js"))) as OtlpModule;
  const counts = { dropped: 0, failedSpans: 0, failedExports: 0 };
  const upstreamFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === UPSTREAM) return Promise.resolve(new Response("ok"));
    return fetch(input, init);
  };
  const exporter = otlp({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    onError(event) {
      if (event.type === "spans-dropped") counts.dropped += event.count ?? 0;
      if (event.type === "export-failed") {
        counts.failedExports++;
        counts.failedSpans += event.spanCount ?? 0;
      }
    },
  });
  const handler = withTrace((_request, _info, trace) => trace.fetch(UPSTREAM), {
    exporter,
    fetch: upstreamFetch,
    flushOnExit: false,
  });
  const { host: _host, ...headers } = REALISTIC;
  const batch = async (): Promise<void> => {
    const calls: Promise<Response>[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      calls.push(handler(new Request("http://127.0.0.1/items", { headers }), undefined));
    }
    for (const response of await Promise.all(calls)) await response.arrayBuffer();
  };
  const started = performance.now();
  const baseline = heap();
  const batches = Math.ceil(requests / CONCURRENCY);
  let tenPercent = baseline;
  for (let b = 0; b < batches; b++) {
    await batch();
    if (b + 1 === Math.ceil(batches / 10)) tenPercent = heap();
  }
  const final = heap();
  const seconds = (performance.now() - started) / 1000;
  // Drops are reported when a flush starts: one short flush reports the rest.
  // The sink's timers are unref'd (they never keep a server alive): this one does.
  const keepAlive = setInterval(() => {}, 100);
  await handler.flush(Date.now() + 500);
  clearInterval(keepAlive);
  return {
    runtime: `Node ${process.versions.node}`,
    requests: batches * CONCURRENCY,
    baselineHeap: baseline.heapUsed,
    tenPercentHeap: tenPercent.heapUsed,
    finalHeap: final.heapUsed,
    baselineRss: baseline.rss,
    finalRss: final.rss,
    boundBytes: HEAP_BOUND_BYTES,
    droppedSpans: counts.dropped,
    failedSpans: counts.failedSpans,
    failedExports: counts.failedExports,
    seconds,
  };
}

main().then(
  (report) => {
    process.stdout.write(`${MEMORY_MARKER}${JSON.stringify(report)}\n`);
    // The sink's retries may still be waiting on timers: the run is over.
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  },
);
