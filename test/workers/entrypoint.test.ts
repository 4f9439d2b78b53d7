/**
 * A Durable Object serves overlapping calls on one instance. With
 * AsyncLocalStorage (`nodejs_als`), `traceOf(this)` is each call's own trace
 * even while the calls interleave.
 */
import { expect, it } from "vitest";
import { backendWorker, frontendWorker, hex, traceparent, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [frontendWorker(c), backendWorker(c, ["nodejs_als"])]);

interface Ids {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

it("gives each overlapping Durable Object RPC call its own traceOf(this)", async () => {
  const traceId = hex(32);
  const response = await stack.mf().dispatchFetch("http://frontend.test/do-concurrent", {
    headers: { traceparent: traceparent(traceId, hex(16)) },
  });
  const { server, results } = (await response.json()) as { server: Ids; results: Ids[] };
  const clients = await stack.collector().waitFor(() => {
    const found = stack
      .collector()
      .spans.filter((span) => span.kind === "client" && span.parentSpanId === server.spanId);
    return found.length === 5 ? found : undefined;
  });
  expect(results.every((ids) => ids.traceId === traceId)).toBe(true);
  expect(new Set(results.map((ids) => ids.parentSpanId))).toEqual(
    new Set(clients.map((span) => span.spanId)),
  );
  expect(new Set(results.map((ids) => ids.spanId)).size).toBe(5);
});
