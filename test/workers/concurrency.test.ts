/**
 * Isolation under concurrency: many interleaved requests in one workerd
 * isolate, each with its own inbound traceparent; every outbound call (a
 * service binding to a backend that echoes what it received, and
 * trace.fetch to the collector's echo) must carry its own request's trace.
 */
import { expect, it } from "vitest";
import { backendWorker, frontendWorker, hex, traceparent, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [frontendWorker(c), backendWorker(c)]);

interface Result {
  traceId: string;
  first: { headers: { traceparent: string }; trace: { traceId: string } };
  second: { traceparent: string };
  maxInFlight: number;
}

it("keeps 200 interleaved requests' traces apart", async () => {
  const traceIds = Array.from({ length: 200 }, () => hex(32));
  const results = await Promise.all(
    traceIds.map(async (traceId) => {
      const response = await stack.mf().dispatchFetch("http://frontend.test/interleave", {
        headers: { traceparent: traceparent(traceId, hex(16)) },
      });
      expect(response.status).toBe(200);
      return { traceId, result: (await response.json()) as Result };
    }),
  );
  for (const { traceId, result } of results) {
    expect(result.traceId).toBe(traceId);
    expect(result.first.headers.traceparent.split("-")[1]).toBe(traceId);
    expect(result.first.trace.traceId).toBe(traceId);
    expect(result.second.traceparent.split("-")[1]).toBe(traceId);
  }
  // The requests really overlapped inside the one isolate.
  expect(Math.max(...results.map(({ result }) => result.maxInFlight))).toBeGreaterThan(10);
});
