/**
 * OTLP/HTTP protobuf from a Worker in real workerd (Miniflare), flushed in
 * `waitUntil`: spans, logs and metrics arrive as `application/x-protobuf`
 * that the official schema decodes, the protocol read from the Worker's env.
 */
import { fileURLToPath } from "node:url";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "../workers/harness.js";

const fixture = fileURLToPath(new URL("./fixtures/worker.ts", import.meta.url));
let rx: OtlpReceiver;
let mf: Miniflare;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const worker = await fixtureWorker(fixture, {
    name: "protobuf",
    bindings: {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_SERVICE_NAME: "protobuf-worker",
    },
  });
  mf = await startWorkers([worker]);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

it("exports spans, logs and metrics as gzipped protobuf from OTEL_EXPORTER_OTLP_PROTOCOL", async () => {
  const response = await mf.dispatchFetch("http://protobuf.test/items");
  const traceId = await response.text();
  await rx.waitFor(
    () => rx.spans().length === 1 && rx.logs().length === 1 && rx.points().length >= 1,
    "all three signals",
    10_000,
  );
  expect(rx.problems()).toEqual([]);
  expect(rx.requests.every((r) => r.protobuf && r.gzip)).toBe(true);
  expect(rx.spans()[0]).toMatchObject({ traceId, resource: { "service.name": "protobuf-worker" } });
  expect(rx.logs()[0]).toMatchObject({
    traceId,
    body: "in workerd",
    attributes: { path: "/items" },
  });
  expect(rx.points()[0]).toMatchObject({ name: "http.server.request.duration", count: 1 });
});
