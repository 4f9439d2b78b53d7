/**
 * Isolation in Node: 150 overlapping requests to a fetch handler served by
 * node:http, each starting API spans and edge-trace spans with awaits in
 * between, never see or parent another request's spans.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withTrace } from "../../src/fetch.js";
import { openTelemetry } from "../../src/opentelemetry.js";
import type { Trace } from "../../src/trace/trace.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { hex } from "../workers/harness.js";
import { type NodeServer, serveOnNode } from "./support/node-server.js";

const sink = collectingSink();
let server: NodeServer;
const REQUESTS = 150;
let inFlight = 0;
let maxInFlight = 0;
/** Every request waits here until all have arrived, so all of them overlap. */
let arrived!: () => void;
const allArrived = new Promise<void>((resolve) => {
  arrived = resolve;
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tracer = () => trace.getTracer("concurrency");
const activeTraceId = () => trace.getActiveSpan()?.spanContext().traceId;

async function handle(request: Request, t: Trace): Promise<Response> {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  if (maxInFlight === REQUESTS) arrived();
  const delay = Number(new URL(request.url).searchParams.get("delay"));
  const seen: (string | undefined)[] = [activeTraceId()];
  await Promise.race([allArrived, pause(5_000)]);
  await tracer().startActiveSpan("api-outer", async (outer) => {
    await pause(delay);
    seen.push(activeTraceId());
    await t.span("edge-middle", async () => {
      await pause(delay);
      seen.push(activeTraceId());
      tracer().startSpan("api-leaf").end();
    });
    outer.end();
  });
  inFlight--;
  return Response.json(seen);
}

beforeAll(async () => {
  const handler = withTrace((request: Request, _info: unknown, t) => handle(request, t), {
    exporter: sinkExporter(sink),
    openTelemetry: openTelemetry({ AsyncLocalStorage }),
    flushOnExit: false,
  });
  server = await serveOnNode((request) => handler(request, undefined));
});
afterAll(() => server.close());

it("keeps 150 overlapping requests' API and edge-trace spans in their own trees", async () => {
  const traceIds = Array.from({ length: REQUESTS }, () => hex(32));
  const seen = await Promise.all(
    traceIds.map(async (traceId, i) => {
      const response = await fetch(`${server.url}/?delay=${1 + (i % 5)}`, {
        headers: { traceparent: `00-${traceId}-${hex(16)}-01` },
      });
      return (await response.json()) as string[];
    }),
  );
  // The requests really overlapped: all were between two awaits at once.
  expect(maxInFlight).toBe(REQUESTS);
  traceIds.forEach((traceId, i) => {
    expect(seen[i]).toEqual([traceId, traceId, traceId]);
    const mine = sink.spans.filter((span) => span.traceId === traceId);
    expect(mine).toHaveLength(4);
    const named = (name: string) => mine.find((span) => span.name === name)!;
    const server = mine.find((span) => span.kind === "server")!;
    expect(named("api-outer").parentSpanId).toBe(server.spanId);
    expect(named("edge-middle").parentSpanId).toBe(named("api-outer").spanId);
    expect(named("api-leaf").parentSpanId).toBe(named("edge-middle").spanId);
  });
});
