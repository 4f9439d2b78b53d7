/**
 * Isolation under load: 10,000 requests, 100 in flight, through one
 * workerd isolate, one Deno process and one Bun process. Each request
 * carries its own inbound trace (a random trace id) and its own baggage
 * member (`req=<n>`); the handler calls a Node upstream with `trace.fetch`
 * and exports its spans to a real OTLP receiver. For every request, the
 * upstream must have seen that request's trace and baggage, and its server
 * and client spans must be in that trace, correctly parented: zero leaks.
 * The runtimes run one after another, so their timings are their own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import type { ProbeReport } from "./fixtures/probe.js";
import { drive, leaks, type Planned, plan, startUpstream } from "./support/load.js";
import { eventually } from "./support/responses.js";
import { startHardeningServer } from "./support/runtimes.js";
import { startHardeningWorkers } from "./support/workerd.js";

const TOTAL = 10_000;
const CONCURRENCY = 100;
/** Per runtime; the aim is well under a minute each on a 2-core machine. */
const TIMEOUT_MS = 180_000;

let rx: OtlpReceiver;
let upstream: Awaited<ReturnType<typeof startUpstream>>;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  upstream = await startUpstream();
});

afterAll(async () => {
  await rx?.close();
  await upstream?.close();
});

/** A runtime under load: where to send request `n`, and how to read its probe and flush it. */
interface Target {
  url(n: number): string;
  probe(): Promise<ProbeReport>;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const targets: Record<"workerd" | "deno" | "bun", () => Promise<Target>> = {
  async workerd() {
    const w = await startHardeningWorkers(["load"], {
      otlp: rx.url,
      refused: rx.url,
      collector: rx.url,
      upstream: upstream.url,
    });
    const base = await w.mf.ready;
    return {
      // Straight to workerd's socket, as a client would: the one Worker answers every host.
      url: (n) => new URL(`/load/${n}`, base).href,
      probe: () => w.probe("load"),
      flush: async () => {}, // Workers flush per request, in waitUntil.
      stop: () => w.mf.dispose(),
    };
  },
  deno: () => serverTarget("deno"),
  bun: () => serverTarget("bun"),
};

async function serverTarget(runtime: "deno" | "bun"): Promise<Target> {
  const s = await startHardeningServer(runtime, {
    OTLP_URL: rx.url,
    REFUSED_URL: rx.url,
    COLLECTOR_URL: rx.url,
    UPSTREAM_URL: upstream.url,
  });
  return {
    url: (n) => s.url(`/load/load/${n}`),
    probe: () => s.probe(),
    flush: () => s.flush(),
    stop: () => s.stop(),
  };
}

/** Sends one planned request and checks what the handler itself reports. */
function sendTo(target: Target) {
  return async ({ n, traceId, headers }: Planned): Promise<string | undefined> => {
    const response = await fetch(target.url(n), { headers });
    const body = (await response.json()) as { n: number; traceId: string };
    if (response.status !== 200) return `status ${response.status}`;
    if (body.n !== n || body.traceId !== traceId) return `handler saw ${JSON.stringify(body)}`;
    return undefined;
  };
}

describe.each(["workerd", "deno", "bun"] as const)("%s under load", (runtime) => {
  it(
    `keeps ${TOTAL} concurrent requests' traces and baggage apart`,
    async () => {
      rx.reset();
      upstream.calls.clear();
      const target = await targets[runtime]();
      try {
        const planned = plan(TOTAL);
        const run = await drive(planned, CONCURRENCY, sendTo(target));
        await target.flush();
        const spans = await eventually(
          () => {
            const received = rx.spans();
            return received.length >= 2 * TOTAL && received;
          },
          `${2 * TOTAL} spans`,
          60_000,
        );
        const found = leaks(planned, upstream.calls, spans);
        const probe = await target.probe();

        // The figures, for the record (they vary with the machine's load).
        console.log(
          `${runtime}: ${TOTAL} requests, ${run.maxInFlight} in flight, ` +
            `${Math.round(run.ms)} ms (${Math.round((TOTAL / run.ms) * 1000)} req/s), ` +
            `${spans.length} spans in ${rx.requests.length} export requests, ` +
            `leaks: ${found.size}, request problems: ${run.problems.size}`,
        );
        expect(run.maxInFlight).toBe(CONCURRENCY);
        expect([...run.problems].slice(0, 5)).toEqual([]);
        expect([...found].slice(0, 5)).toEqual([]);
        expect(spans).toHaveLength(2 * TOTAL);
        expect(rx.problems()).toEqual([]);
        // One isolate (one process) served every request, and nothing was dropped or failed.
        expect(probe.served).toBe(TOTAL);
        expect(probe.diagnostics).toEqual([]);
        expect(probe.unhandledReasons).toEqual([]);
      } finally {
        await target.stop();
      }
    },
    TIMEOUT_MS,
  );
});
