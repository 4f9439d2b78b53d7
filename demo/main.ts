/**
 * `npm start`: one request crossing Cloudflare Workers, Hono on Bun, Deno
 * and AWS Lambda, as one trace.
 *
 * Starts every service on 127.0.0.1 (free ports) with an embedded OTLP
 * receiver they all export to, sends one request into the frontend Worker
 * with a `traceparent` and `baggage` as a browser would, waits until the
 * trace has arrived whole, prints it as a waterfall and writes it as an
 * HTML file. Then stops everything, or with `--keep` keeps the services up
 * and prints each new trace as it arrives.
 *
 *   client → frontend-worker ─┬─ backend-worker (service binding)
 *                             └─ hono-bun → deno-api → lambda-fn
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Args, parseArgs, USAGE } from "./args.js";
import { formatRoutes } from "./caller-routes.js";
import { descendantPids } from "./children.js";
import { Cleanup } from "./cleanup.js";
import { randomHex, writeHtmlFile } from "./files.js";
import { keepServing } from "./keep.js";
import { type Receiver, startReceiver } from "./receiver.js";
import { formatTrace, painter, type Style, useColour } from "./report.js";
import type { DemoLog, RouteRow } from "./signals.js";
import type { DemoSpan } from "./span-tree.js";
import { startStack } from "./stack.js";
import { waitForTrace } from "./trace-wait.js";

/** The services a demo trace crosses, by their `service.name`. */
export const SERVICES = ["frontend-worker", "backend-worker", "hono-bun", "deno-api", "lambda-fn"];

/** What `--json` writes: what the test checks. */
export interface DemoResult {
  readonly traceId: string;
  readonly traceparent: string;
  readonly baggage: string;
  readonly status: number;
  readonly complete: boolean;
  readonly spans: readonly DemoSpan[];
  /** The trace's log records, exported by each service's `otlpLogs()`. */
  readonly logs: readonly DemoLog[];
  /** The caller-route table: calls per `caller > route`, from the exported metrics. */
  readonly routes: ReadonlyArray<{ service: string; caller: string; route: string; count: number }>;
  readonly html: string;
  /** The Content-Types the receiver was sent (`application/x-protobuf` under OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). */
  readonly contentTypes: readonly string[];
  /** Every process the demo started (workerd included); none may outlive it. */
  readonly pids: readonly number[];
  readonly elapsedMs: number;
}

/**
 * Runs the demo.
 * @param root - the repository root.
 * @param argv - the command-line arguments after the script.
 * @returns the exit code.
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const style: Style = {
    colour: useColour(process.stdout),
    width: Math.min(process.stdout.columns ?? 120, 160),
  };
  const p = painter(style);
  const out = (text = ""): boolean => process.stdout.write(`${text}\n`);
  const cleanup = new Cleanup();
  const stopRequested = onStopSignal(args.keep, cleanup);
  // Prefetched: Miniflare takes a moment to load, while the other services start.
  void import("miniflare").catch(() => {});

  try {
    out(p.bold("edge-trace demo: one request through Workers, Hono on Bun, Deno and Lambda"));
    const receiver = await startReceiver();
    cleanup.add("OTLP receiver", () => receiver.close());
    const stack = await startStack(root, receiver, cleanup);
    const pids = descendantPids();
    out();
    for (const [name, where] of stack.listing) out(`  ${name.padEnd(16)} ${p.dim(where)}`);

    const traceId = randomHex(16);
    const traceparent = `00-${traceId}-${randomHex(8)}-01`;
    const baggage = `session.id=${randomHex(4)},plan=pro`;
    const url = `${stack.frontendUrl}/?user=alice&sku=42`;
    out();
    out(`${p.bold("→")} GET ${url}`);
    out(p.dim(`    traceparent: ${traceparent}`));
    out(p.dim(`    baggage: ${baggage}`));
    const sentAt = performance.now();
    const response = await fetch(url, { headers: { traceparent, baggage } });
    const body = await response.text();
    out(
      `${p.bold("←")} ${response.ok ? p.ok(String(response.status)) : p.bad(String(response.status))} in ${(performance.now() - sentAt).toFixed(0)} ms`,
    );
    if (!response.ok) out(p.dim(body.slice(0, 1000)));

    const { spans, complete } = await waitForTrace(receiver, traceId, {
      services: SERVICES,
      timeoutMs: 10_000,
    });
    out();
    if (spans.length === 0) out(p.bad("No spans arrived."));
    else out(formatTrace(spans, style));
    if (!complete) {
      out(p.bad("\nThe trace is incomplete: not every service reported within 10 s."));
      out(stack.logs());
    }
    // Metrics go out on each service's flush, after its spans at the latest by a timer's delay.
    const routes = await waitForRoutes(receiver, SERVICES, 3_000);
    out();
    out(formatRoutes(routes, style));
    const logs = receiver.logs(traceId);
    const html = writeHtmlFile(args.outDir ?? join(root, "demo/out"), spans, traceId, logs);
    out();
    out(`HTML waterfall: ${html} ${p.dim(`(${logs.length} log records under their spans)`)}`);

    if (args.keep) {
      await keepServing(
        receiver,
        stack,
        traceId,
        args.outDir ?? join(root, "demo/out"),
        style,
        stopRequested,
      );
    }
    await cleanup.run();
    // Since the process started (Node's performance clock starts with it), bundling included.
    const elapsedMs = performance.now();
    out(
      p.dim(
        args.keep
          ? "Every service stopped."
          : `Done in ${(elapsedMs / 1000).toFixed(1)} s; every service stopped.`,
      ),
    );
    if (args.json) {
      const result: DemoResult = {
        traceId,
        traceparent,
        baggage,
        status: response.status,
        complete,
        spans,
        logs,
        routes: routes.map((r) => ({
          service: r.service,
          caller: r.caller,
          route: r.route,
          count: r.count,
        })),
        html,
        contentTypes: receiver.contentTypes(),
        pids,
        elapsedMs,
      };
      writeFileSync(args.json, JSON.stringify(result, null, 2));
    }
    return complete && response.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `${p.bad("demo failed:")} ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await cleanup.run();
    return 1;
  }
}

/**
 * Ctrl-C or SIGTERM: with `--keep`, the first one resolves the returned
 * promise (a clean stop); otherwise, or a second time, everything is stopped
 * and the demo exits with 130.
 */
function onStopSignal(keep: boolean, cleanup: Cleanup): Promise<void> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (): void => {
      if (keep && !asked) {
        asked = true;
        resolve();
        return;
      }
      void cleanup.run().then(() => process.exit(130));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * Polls until every service reported a server metric, then lets late
 * points land for a moment; gives up after `timeoutMs`.
 */
async function waitForRoutes(
  receiver: Receiver,
  services: readonly string[],
  timeoutMs: number,
): Promise<RouteRow[]> {
  const until = Date.now() + timeoutMs;
  const reported = (): boolean => {
    const seen = new Set(receiver.routes().map((r) => r.service));
    return services.every((s) => seen.has(s));
  };
  while (!reported() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 200));
  return receiver.routes();
}
