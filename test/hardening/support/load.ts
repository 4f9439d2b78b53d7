/**
 * The load test's parts: an upstream on 127.0.0.1 that records, per
 * request number, the propagation headers it received; a driver that keeps
 * a fixed number of requests in flight; and the per-request leak check
 * against what the upstream saw and what the collector received.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseTraceparent } from "../../../src/core/w3c/traceparent.js";
import type { ReceivedSpan } from "../../support/otlp-receiver.js";
import { CLIENT, inboundContext, SERVER } from "./spans.js";

/** What the upstream received for one request number. */
export interface UpstreamCall {
  readonly traceparent: string | undefined;
  readonly baggage: string | undefined;
}

/** An upstream answering `GET /r/<n>`. */
export async function startUpstream(): Promise<{
  url: string;
  calls: Map<number, UpstreamCall[]>;
  close(): Promise<void>;
}> {
  const calls = new Map<number, UpstreamCall[]>();
  const server = createServer((req, res) => {
    const n = Number(/^\/r\/(\d+)$/.exec(req.url ?? "")?.[1] ?? -1);
    const call = {
      traceparent: req.headers.traceparent as string | undefined,
      baggage: req.headers.baggage as string | undefined,
    };
    calls.set(n, [...(calls.get(n) ?? []), call]);
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Request `n`'s own inbound context: a random trace id and a `req=<n>` baggage member. */
export interface Planned {
  readonly n: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly headers: { readonly traceparent: string; readonly baggage: string };
}

/** Plans `total` requests, each with a distinct inbound trace. */
export function plan(total: number): Planned[] {
  return Array.from({ length: total }, (_, n) => {
    const { traceId, spanId, traceparent } = inboundContext();
    return { n, traceId, spanId, headers: { traceparent, baggage: `req=${n}` } };
  });
}

/**
 * Sends every planned request with at most `concurrency` in flight.
 * @param send - sends one request; returns a problem, or `undefined` when fine.
 * @returns the problems, by request number, and the elapsed milliseconds.
 */
export async function drive(
  planned: readonly Planned[],
  concurrency: number,
  send: (request: Planned) => Promise<string | undefined>,
): Promise<{ problems: Map<number, string>; ms: number; maxInFlight: number }> {
  const problems = new Map<number, string>();
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < planned.length) {
      const request = planned[next++]!;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const problem = await send(request);
        if (problem) problems.set(request.n, problem);
      } catch (error) {
        problems.set(request.n, `request failed: ${(error as Error).message}`);
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { problems, ms: performance.now() - started, maxInFlight };
}

/**
 * Checks every request against what the upstream saw and the spans
 * exported: the upstream got that request's trace id and baggage exactly
 * once, the server span is in that trace under the inbound parent, and the
 * client span is its child and is the parent the upstream saw.
 * @returns the leaks and mismatches, by request number.
 */
export function leaks(
  planned: readonly Planned[],
  calls: ReadonlyMap<number, readonly UpstreamCall[]>,
  spans: readonly ReceivedSpan[],
): Map<number, string> {
  const byTrace = new Map<string, ReceivedSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const found = new Map<number, string>();
  for (const request of planned) {
    const problem = check(request, calls.get(request.n) ?? [], byTrace.get(request.traceId) ?? []);
    if (problem) found.set(request.n, problem);
  }
  return found;
}

function check(
  { n, traceId, spanId }: Planned,
  seen: readonly UpstreamCall[],
  inTrace: readonly ReceivedSpan[],
): string | undefined {
  if (seen.length !== 1) return `upstream called ${seen.length} times`;
  const sent = parseTraceparent(seen[0]?.traceparent);
  if (sent?.traceId !== traceId) return `upstream saw trace ${sent?.traceId}`;
  if (seen[0]?.baggage !== `req=${n}`) return `upstream saw baggage ${seen[0]?.baggage}`;
  const server = inTrace.filter((s) => s.kind === SERVER);
  const client = inTrace.filter((s) => s.kind === CLIENT);
  if (server.length !== 1 || client.length !== 1 || inTrace.length !== 2) {
    return `trace has ${server.length} server, ${client.length} client, ${inTrace.length} spans`;
  }
  const [serverSpan, clientSpan] = [server[0]!, client[0]!];
  if (serverSpan.parentSpanId !== spanId) return `server span's parent ${serverSpan.parentSpanId}`;
  const path = String(serverSpan.attributes["url.path"]);
  if (!path.endsWith(`/load/${n}`)) return `server span is for ${path}`;
  if (clientSpan.parentSpanId !== serverSpan.spanId)
    return "client span's parent is not the server span";
  if (clientSpan.spanId !== sent.spanId) return "the upstream's parent is not the client span";
  const target = String(clientSpan.attributes["url.full"]);
  if (!target.endsWith(`/r/${n}`)) return `client span is for ${target}`;
  return undefined;
}
