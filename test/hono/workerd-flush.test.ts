/**
 * Hono on Workers flushes the way every Workers entry does (`withTrace`,
 * `withTraceClass`), in real workerd: after the work the handler hands
 * `c.executionCtx.waitUntil`, sharing the isolate's export, and never
 * longer than the flush budget, so a collector that hangs neither delays
 * a response nor holds more than MAX_EXPORTS_IN_FLIGHT exports.
 */
import type { Miniflare } from "miniflare";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { LINGER_MS, MAX_EXPORTS_IN_FLIGHT } from "../../src/export/shared-flush.js";
import { FLUSH_BUDGET_MS } from "../../src/server/wait-until.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "../workers/harness.js";

let rx: OtlpReceiver;
/** The hanging collector's own receiver: no connection of the other tests is reused towards it. */
let hanging: OtlpReceiver;
let mf: Miniflare;

/** Requests `path` of a Worker: `hono`, or `hang`, an isolate of its own for the hanging collector. */
async function serve(path: string, worker = "hono"): Promise<{ text: string; ms: number }> {
  const start = Date.now();
  const response = await mf.dispatchFetch(`http://${worker}.test${path}`);
  const text = await response.text();
  return { text, ms: Date.now() - start };
}

beforeAll(async () => {
  [rx, hanging] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
  const fixture = new URL("./fixtures/flush-worker.ts", import.meta.url).pathname;
  // An export timeout longer than the flush budget: the budget is what ends a hanging export.
  const timeout = String(FLUSH_BUDGET_MS * 3);
  const workers = await Promise.all(
    [
      ["hono", rx.url],
      ["hang", hanging.url],
    ].map(([name, url]) =>
      fixtureWorker(fixture, {
        name: name!,
        routes: [`${name}.test/*`],
        bindings: { OTLP_URL: url!, TIMEOUT_MS: timeout },
      }),
    ),
  );
  mf = await startWorkers(workers, { logRequests: false });
});

afterEach(() => rx.reset());

afterAll(async () => {
  await mf?.dispose();
  await Promise.all([rx?.close(), hanging?.close()]);
});

it("flushes after the work the handler hands c.executionCtx.waitUntil: its span rides in the same export", async () => {
  const { text } = await serve("/later");
  const traceId = text.split(" ")[1];
  await rx.waitForSpans(2, 10_000);
  const spans = rx.spans().filter((span) => span.traceId === traceId);
  expect(spans.map((span) => span.name).sort()).toEqual(["GET /later", "later"]);
  expect(rx.requests).toHaveLength(1);
});

it("shares the isolate's export: requests that finish while exports are pending ride in one POST", async () => {
  rx.failNext(200, { delayMs: 1500, times: MAX_EXPORTS_IN_FLIGHT });
  const count = 20;
  for (let i = 0; i < count; i++) await serve(`/${i}`);
  await rx.waitForSpans(count, 10_000);
  expect(rx.spans()).toHaveLength(count);
  expect(rx.requests.length).toBeLessThanOrEqual(count / 2);
});

it(
  "a collector that hangs: responses are not delayed, at most MAX_EXPORTS_IN_FLIGHT exports wait, each given up at the flush budget",
  async () => {
    hanging.failNext("hang", { times: 100 });
    const started = Date.now();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      times.push((await serve(`/hang/${i}`, "hang")).ms);
      // Spaced out, so each of the first two finds no lingering leader and
      // exports; the third, which leads the rest, starts well after them.
      await new Promise((resolve) => setTimeout(resolve, i === 1 ? 2_000 : LINGER_MS * 3));
    }
    for (const ms of times) expect(ms).toBeLessThan(1000);
    const firstGivenUp = () => hanging.requests[0]?.state === "aborted";
    await hanging.waitFor(firstGivenUp, "the first export given up", FLUSH_BUDGET_MS + 5_000);
    const givenUp = Date.now() - started;
    expect(givenUp).toBeGreaterThanOrEqual(FLUSH_BUDGET_MS - 500);
    expect(givenUp).toBeLessThan(FLUSH_BUDGET_MS + 3_000);
    // The third export starts only once an earlier one has been given up on.
    await hanging.waitForRequests(MAX_EXPORTS_IN_FLIGHT + 1, 5_000);
    expect(hanging.peakPending).toBe(MAX_EXPORTS_IN_FLIGHT);
  },
  FLUSH_BUDGET_MS + 20_000,
);
