/**
 * The example Workers (workers/frontend.ts and workers/backend.ts, as
 * wrangler.toml runs them) work in workerd: one trace from the inbound
 * traceparent through the service binding, by fetch and by JS-RPC.
 */
import { fileURLToPath } from "node:url";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixtureWorker, hex, startWorkers, traceparent } from "./harness.js";

const example = (name: string) =>
  fileURLToPath(new URL(`../../workers/${name}.ts`, import.meta.url));

let mf: Miniflare;

beforeAll(async () => {
  mf = await startWorkers([
    await fixtureWorker(example("frontend"), {
      name: "edge-trace-frontend",
      serviceBindings: { BACKEND: "edge-trace-backend" },
    }),
    await fixtureWorker(example("backend"), { name: "edge-trace-backend" }),
  ]);
});

afterAll(async () => {
  await mf?.dispose();
});

it("carries one trace from the request through the backend", async () => {
  const traceId = hex(32);
  const response = await mf.dispatchFetch("http://127.0.0.1/?user=bob", {
    headers: { traceparent: traceparent(traceId, hex(16)) },
  });
  const body = (await response.json()) as {
    traceId: string;
    backend: {
      viaFetch: { traceId: string; user: string; received: string };
      viaRpc: { greeting: string; traceId: string };
    };
  };
  expect(body.traceId).toBe(traceId);
  expect(body.backend.viaFetch).toMatchObject({ traceId, user: "bob" });
  expect(body.backend.viaFetch.received.split("-")[1]).toBe(traceId);
  expect(body.backend.viaRpc).toEqual({ greeting: "hello frontend", traceId });
});
