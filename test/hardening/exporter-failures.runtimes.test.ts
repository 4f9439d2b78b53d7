/**
 * The exporter failure matrix (support/exporter-scenarios.ts) in real Deno
 * and Bun: one server process per runtime with a traced handler per export
 * mode (dist/fetch.js, batching on a 20 ms timer). The fixture counts
 * unhandled rejections with the runtime's own hook; the process's output
 * is checked for uncaught errors.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { type Collector, startCollector } from "../workers/harness.js";
import { exporterFailureScenarios, INBOUND } from "./support/exporter-scenarios.js";
import { snapshot } from "./support/responses.js";
import {
  type HardeningServer,
  type ServerRuntime,
  startHardeningServer,
} from "./support/runtimes.js";
import { uncaught } from "./support/workerd.js";

describe.each<ServerRuntime>(["deno", "bun"])("exporter failures in %s", (runtime) => {
  let rx: OtlpReceiver;
  let collector: Collector;
  let s: HardeningServer;

  beforeAll(async () => {
    rx = await startOtlpReceiver();
    collector = await startCollector();
    s = await startHardeningServer(runtime, {
      OTLP_URL: rx.url,
      REFUSED_URL: await closedPortUrl(),
      COLLECTOR_URL: collector.url,
      UPSTREAM_URL: collector.url,
    });
  });

  afterAll(async () => {
    await s?.stop();
    await rx?.close();
    await collector?.close();
  });

  exporterFailureScenarios({
    rx: () => rx,
    collector: () => collector,
    ok: async (mode, query = "") =>
      snapshot(await fetch(s.url(`/${mode}/ok${query}`), { headers: INBOUND })),
    probe: () => s.probe(),
    async provokeUnhandled() {
      await (await fetch(s.url("/__unhandled"))).arrayBuffer();
    },
    uncaught: () => uncaught(s.server.output().split("\n")),
  });
});
