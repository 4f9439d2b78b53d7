/**
 * Real HTTP servers on 127.0.0.1 that the runtimes under test talk to: an
 * echo server that keeps the headers each call arrived with, and a
 * collector that receives the spans a fixture's sink posts.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FinishedSpan } from "../../../src/trace/span-data.js";

/** One call the echo server received, as it saw it. */
export interface EchoCall {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
}

/** A running server; `close()` stops it. */
export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

/** Answers every request with `{ headers }` and remembers it. */
export async function startEcho(): Promise<Running & { calls: EchoCall[] }> {
  const calls: EchoCall[] = [];
  const server = createServer((req, res) => {
    const headers = flatHeaders(req);
    calls.push({ url: new URL(req.url ?? "/", "http://127.0.0.1"), headers });
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ headers }));
    });
  });
  return { ...(await listen(server)), calls };
}

/** Receives `POST` bodies holding JSON arrays of finished spans. */
export async function startCollector(): Promise<
  Running & {
    spans: FinishedSpan[];
    waitFor(test: (spans: FinishedSpan[]) => boolean, ms?: number): Promise<FinishedSpan[]>;
  }
> {
  const spans: FinishedSpan[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    spans.push(...(JSON.parse(body) as FinishedSpan[]));
    res.writeHead(204).end();
  });
  const running = await listen(server);
  const waitFor = async (test: (all: FinishedSpan[]) => boolean, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!test(spans)) {
      if (Date.now() > until) throw new Error(`spans not collected: ${JSON.stringify(spans)}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    return spans;
  };
  return { ...running, spans, waitFor };
}

async function listen(server: Server): Promise<Running> {
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
