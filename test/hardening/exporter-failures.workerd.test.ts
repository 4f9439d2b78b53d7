/**
 * The exporter failure matrix (support/exporter-scenarios.ts) in real
 * workerd: one Worker per export mode in one Miniflare; the flush runs in
 * `ctx.waitUntil`; Miniflare's and workerd's own logs are captured to show
 * that no uncaught error was reported.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { type Collector, startCollector } from "../workers/harness.js";
import { exporterFailureScenarios, INBOUND, MATRIX_MODES } from "./support/exporter-scenarios.js";
import { snapshot } from "./support/responses.js";
import { type HardeningWorkers, startHardeningWorkers, uncaught } from "./support/workerd.js";

let rx: OtlpReceiver;
let collector: Collector;
let w: HardeningWorkers;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  collector = await startCollector();
  w = await startHardeningWorkers(MATRIX_MODES, {
    otlp: rx.url,
    refused: await closedPortUrl(),
    collector: collector.url,
    upstream: collector.url,
  });
});

afterAll(async () => {
  await w?.mf.dispose();
  await rx?.close();
  await collector?.close();
});

describe("exporter failures in workerd", () => {
  exporterFailureScenarios({
    rx: () => rx,
    collector: () => collector,
    ok: async (mode, query = "") =>
      snapshot(await w.mf.dispatchFetch(w.url(mode, `/ok${query}`), { headers: INBOUND })),
    probe: (mode) => w.probe(mode),
    async provokeUnhandled(mode) {
      await (await w.mf.dispatchFetch(w.url(mode, "/__unhandled"))).arrayBuffer();
    },
    uncaught: () => uncaught(w.output),
  });
});
