/**
 * Logs and metrics from Workers in real workerd, flushed in `waitUntil` with
 * the spans: schema-checked at a real receiver, correlated by trace id, and
 * the caller's route carried across a service binding.
 */
import { fileURLToPath } from "node:url";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "../workers/harness.js";

const fixture = fileURLToPath(new URL("./fixtures/worker.ts", import.meta.url));
const honoFixture = fileURLToPath(new URL("./fixtures/hono-worker.ts", import.meta.url));
let rx: OtlpReceiver;
let mf: Miniflare;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const front = await fixtureWorker(fixture, {
    name: "front",
    bindings: { OTLP_URL: rx.url, SERVICE: "front" },
    serviceBindings: { BACK: "back" },
  });
  const back = await fixtureWorker(fixture, {
    name: "back",
    bindings: { OTLP_URL: rx.url, SERVICE: "back" },
  });
  const hono = await fixtureWorker(honoFixture, {
    name: "hono",
    bindings: { OTLP_URL: rx.url },
  });
  mf = await startWorkers([front, back, hono]);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

it("exports logs and metrics with the spans, correlated, with the caller's route", async () => {
  const traceIds: string[] = [];
  for (const [method, path] of [
    ["POST", "/cart/add"],
    ["POST", "/cart/add"],
    ["GET", "/checkout"],
  ] as const) {
    const response = await mf.dispatchFetch(`http://front.test${path}`, { method });
    traceIds.push(await response.text());
  }
  const server = (service: string) =>
    rx
      .points()
      .filter((p) => p.resource["service.name"] === service)
      .filter((p) => p.name === "http.server.request.duration")
      .reduce((n, p) => n + p.count, 0);
  await rx.waitFor(() => server("back") === 3 && server("front") === 3, "metrics", 10_000);
  await rx.waitFor(() => rx.logs().length === 6 && rx.spans().length >= 9, "logs", 10_000);

  expect(rx.problems()).toEqual([]);
  for (const traceId of traceIds) {
    const logs = rx.logs().filter((l) => l.traceId === traceId);
    expect(logs.map((l) => l.resource["service.name"]).sort()).toEqual(["back", "front"]);
    for (const log of logs) {
      const span = rx.spans().find((s) => s.spanId === log.spanId)!;
      expect(span.traceId).toBe(traceId);
      expect(span.kind).toBe(2);
    }
  }
  const table = new Map<string, number>();
  for (const p of rx.points()) {
    if (p.resource["service.name"] !== "back" || p.name !== "http.server.request.duration")
      continue;
    const key = `${p.attributes["edge_trace.caller.route"]} > ${p.attributes["http.request.method"]}`;
    table.set(key, (table.get(key) ?? 0) + p.count);
  }
  expect(Object.fromEntries(table)).toEqual({
    "POST /cart/add > GET": 2,
    "GET /checkout > GET": 1,
  });
  const front = rx.points().filter((p) => p.resource["service.name"] === "front");
  expect(front.find((p) => p.name === "http.server.request.duration")!.attributes).toMatchObject({
    "edge_trace.caller.route": "*",
  });
  const exemplar = front.find((p) => p.name === "http.client.request.duration")!.exemplars[0]!;
  expect(traceIds).toContain(exemplar.traceId);
  expect(front.every((p) => p.temporality === 1)).toBe(true);
}, 30_000);

it("exports logs and metrics from Hono's tracing() on Workers, in its waitUntil", async () => {
  const hono = await mf.getWorker("hono");
  const traceIds: string[] = [];
  for (const id of ["1", "2"]) {
    traceIds.push(await (await hono.fetch(`http://hono.test/items/${id}`)).text());
  }
  const mine = () => rx.points().filter((p) => p.resource["service.name"] === "hono-worker");
  await rx.waitFor(() => mine().reduce((n, p) => n + p.count, 0) === 2, "metrics", 10_000);
  await rx.waitFor(
    () => rx.logs().filter((l) => traceIds.includes(l.traceId ?? "")).length === 2,
    "logs",
    10_000,
  );
  // Spans, logs and metrics go out in parallel POSTs of one flush, in no set order.
  await rx.waitFor(
    () => rx.spans().filter((s) => traceIds.includes(s.traceId)).length === 2,
    "spans",
    10_000,
  );
  expect(rx.problems()).toEqual([]);
  expect(mine()[0]!.attributes).toMatchObject({
    "http.route": "/items/:id",
    "http.response.status_code": 200,
    "edge_trace.caller.route": "*",
  });
  for (const log of rx.logs().filter((l) => traceIds.includes(l.traceId ?? ""))) {
    expect(rx.spans().find((s) => s.spanId === log.spanId)?.name).toBe("GET /items/:id");
  }
}, 30_000);
