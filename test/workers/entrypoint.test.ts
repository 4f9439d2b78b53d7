/**
 * A Durable Object serves overlapping calls on one instance. With
 * AsyncLocalStorage (`nodejs_als`), `this.trace` is each call's own trace
 * even while the calls interleave.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  backendWorker,
  type Collector,
  frontendWorker,
  hex,
  startCollector,
  startWorkers,
  traceparent,
} from "./harness.js";

let collector: Collector;
let mf: Miniflare;

beforeAll(async () => {
  collector = await startCollector();
  mf = await startWorkers([
    await frontendWorker(collector),
    await backendWorker(collector, ["nodejs_als"]),
  ]);
});

afterAll(async () => {
  await mf?.dispose();
  await collector?.close();
});

interface Ids {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

it("gives each overlapping Durable Object RPC call its own this.trace", async () => {
  const traceId = hex(32);
  const response = await mf.dispatchFetch("http://frontend.test/do-concurrent", {
    headers: { traceparent: traceparent(traceId, hex(16)) },
  });
  const { server, results } = (await response.json()) as { server: Ids; results: Ids[] };
  const clients = await collector.waitFor(() => {
    const found = collector.spans.filter(
      (span) => span.kind === "client" && span.parentSpanId === server.spanId,
    );
    return found.length === 5 ? found : undefined;
  });
  expect(results.every((ids) => ids.traceId === traceId)).toBe(true);
  expect(new Set(results.map((ids) => ids.parentSpanId))).toEqual(
    new Set(clients.map((span) => span.spanId)),
  );
  expect(new Set(results.map((ids) => ids.spanId)).size).toBe(5);
});
