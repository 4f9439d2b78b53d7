/**
 * Runs fixture Workers in real workerd: bundles each fixture from
 * TypeScript with esbuild (so it imports edge-trace from src/), starts
 * Miniflare on 127.0.0.1 with a free port, and stops it after. A collector
 * on 127.0.0.1 (a plain Node HTTP server) receives the spans the fixtures'
 * sinks flush, records events in arrival order, echoes headers, and holds
 * requests until a test releases them, so ordering is proven by events,
 * never by timing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions, type WorkerOptions } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import type { FinishedSpan } from "../../src/trace/span-data.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** Bundles `fixtures/<name>.ts` (or any absolute path) into one ES module. */
export async function bundle(name: string): Promise<string> {
  const entry = name.startsWith("/") ? name : `${fixtures}${name}.ts`;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    external: ["cloudflare:*", "node:*"],
    // As wrangler does: class names survive bundling (span names use them).
    keepNames: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${name}`);
  return output.text;
}

/** A worker definition from a bundled fixture. */
export async function fixtureWorker(
  fixture: string,
  options: Omit<WorkerOptions, "modules" | "script" | "scriptPath"> & { name: string },
): Promise<WorkerOptions> {
  const contents = await bundle(fixture);
  return {
    compatibilityDate: "2025-04-01",
    ...options,
    modules: [{ type: "ESModule", path: `${fixtures}${options.name}.mjs`, contents }],
  } as WorkerOptions;
}

/** Starts workerd with these workers on 127.0.0.1 and a free port. */
export async function startWorkers(
  workers: WorkerOptions[],
  shared: Partial<MiniflareOptions> = {},
): Promise<Miniflare> {
  const mf = new Miniflare({ host: "127.0.0.1", port: 0, ...shared, workers } as MiniflareOptions);
  await mf.ready;
  return mf;
}

/** A span as the collector received it, with the fixture's service name. */
export type ReceivedSpan = FinishedSpan & { readonly service: string };

/** One arrival at the collector, in order. */
export type Arrival =
  | { readonly type: "flush"; readonly service: string; readonly spanIds: readonly string[] }
  | { readonly type: "event"; readonly name: string };

/** The collector server and what it received. */
export interface Collector {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly log: Arrival[];
  release(key: string): void;
  /** Polls until `find` returns a value (the collector is fed asynchronously). */
  waitFor<T>(find: () => T | undefined, timeoutMs?: number): Promise<T>;
  /** Polls until a received span matches `where`. */
  waitForSpan(where: (span: ReceivedSpan) => boolean, timeoutMs?: number): Promise<ReceivedSpan>;
  close(): Promise<void>;
}

/** Starts the collector on 127.0.0.1 with a free port. */
export async function startCollector(): Promise<Collector> {
  const spans: ReceivedSpan[] = [];
  const log: Arrival[] = [];
  const held = new Map<string, ServerResponse[]>();
  const released = new Set<string>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://collector");
    const body = await readBody(request);
    if (url.pathname === "/spans") {
      const service = url.searchParams.get("service") ?? "?";
      const batch = JSON.parse(body || "[]") as FinishedSpan[];
      for (const span of batch) spans.push({ ...span, service });
      log.push({ type: "flush", service, spanIds: batch.map((span) => span.spanId) });
      return end(response, 204);
    }
    if (url.pathname === "/event") {
      log.push({ type: "event", name: url.searchParams.get("name") ?? "?" });
      return end(response, 204);
    }
    if (url.pathname === "/wait") {
      const key = url.searchParams.get("key") ?? "";
      if (released.has(key)) return end(response, 200, "released");
      held.set(key, [...(held.get(key) ?? []), response]);
      return;
    }
    if (url.pathname === "/echo") {
      const headers: Record<string, string> = {};
      for (const name of ["traceparent", "tracestate", "baggage", "x-request"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      return end(response, 200, JSON.stringify(headers));
    }
    end(response, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const waitFor = async <T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) throw new Error("collector: timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    log,
    release(key) {
      released.add(key);
      for (const response of held.get(key) ?? []) end(response, 200, "released");
      held.delete(key);
    },
    waitFor,
    waitForSpan: (where, timeoutMs) => waitFor(() => spans.find(where), timeoutMs),
    close: () =>
      new Promise((resolve) => {
        for (const responses of held.values()) for (const r of responses) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function end(response: ServerResponse, status: number, body?: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body);
}

/** A W3C traceparent with these ids (sampled). */
export function traceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}

/** A random lowercase hex string of `length` digits. */
export function hex(length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(Math.random() * 16).toString(16);
  return out.replace(/^0+$/, "1".padEnd(length, "0"));
}

/** The backend fixture: a traced WorkerEntrypoint hosting the `Counter` Durable Object. */
export function backendWorker(
  collector: Collector,
  compatibilityFlags: string[] = [],
): Promise<WorkerOptions> {
  const als = compatibilityFlags.includes("nodejs_als");
  return fixtureWorker(als ? "backend-als" : "backend", {
    name: "backend",
    compatibilityFlags,
    bindings: { COLLECTOR: collector.url },
    serviceBindings: { SELF: "backend" },
    durableObjects: { COUNTER: "Counter" },
  });
}

/** The frontend fixture with every binding kind, calling the backend. */
export function frontendWorker(
  collector: Collector,
  overrides: Partial<WorkerOptions> & { name?: string; vars?: Record<string, string> } = {},
): Promise<WorkerOptions> {
  const { name = "frontend", vars = {}, ...rest } = overrides;
  const als = rest.compatibilityFlags?.includes("nodejs_als") === true;
  return fixtureWorker(als ? "frontend-als" : "frontend", {
    name,
    bindings: {
      COLLECTOR: collector.url,
      SERVICE: name,
      VAR: "plain value",
      SECRET: "s3cret",
      JSON_VAR: { nested: true },
      ...vars,
    },
    serviceBindings: { BACKEND: "backend" },
    durableObjects: { COUNTER: { className: "Counter", scriptName: "backend" } },
    kvNamespaces: ["KV"],
    r2Buckets: ["R2"],
    d1Databases: ["D1"],
    ...rest,
  });
}

/** The collector and workerd of one test file, started before its tests and stopped after. */
export interface WorkersStack {
  readonly collector: Collector;
  readonly mf: Miniflare;
}

/**
 * Starts a collector, then workerd with the Workers `workers(collector)`
 * builds, before the file's tests; disposes of both after them.
 * @param workers - the Workers to run, given the collector they report to.
 * @returns getters, valid inside tests.
 * @example
 * const stack = useWorkers((c) => [frontendWorker(c), backendWorker(c)]);
 * it("...", async () => { await stack.mf().dispatchFetch("http://frontend.test/"); });
 */
export function useWorkers(workers: (collector: Collector) => Array<Promise<WorkerOptions>>): {
  collector(): Collector;
  mf(): Miniflare;
} {
  let stack: WorkersStack | undefined;
  let collector: Collector | undefined;
  beforeAll(async () => {
    collector = await startCollector();
    stack = { collector, mf: await startWorkers(await Promise.all(workers(collector))) };
  });
  afterAll(async () => {
    await stack?.mf.dispose();
    await collector?.close();
  });
  return { collector: () => stack!.collector, mf: () => stack!.mf };
}
