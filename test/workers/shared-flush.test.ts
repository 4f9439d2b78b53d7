/**
 * Export batching across one isolate's requests, in real workerd: requests
 * that finish while another request's export is pending or lingering ride
 * in a shared POST, every span still arrives, and a collector that hangs
 * never has more than MAX_EXPORTS_IN_FLIGHT exports waiting on it.
 */
import type { Miniflare } from "miniflare";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { LINGER_MS, MAX_EXPORTS_IN_FLIGHT } from "../../src/export/shared-flush.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "./harness.js";

let rx: OtlpReceiver;
let mf: Miniflare;

async function serve(path: string): Promise<string> {
  const response = await mf.dispatchFetch(`http://otlp.test${path}`);
  return response.text();
}

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const worker = await fixtureWorker("otlp", {
    name: "otlp",
    bindings: { OTLP_URL: rx.url, TIMEOUT_MS: "2000" },
  });
  mf = await startWorkers([worker], { logRequests: false });
});

afterEach(() => rx.reset());

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

it("sends the spans of requests that finish while exports are pending in one POST", async () => {
  // The first exports are answered late, so the requests after them queue up.
  rx.failNext(200, { delayMs: 1500, times: MAX_EXPORTS_IN_FLIGHT });
  const count = 20;
  const traceIds: string[] = [];
  for (let i = 0; i < count; i++) traceIds.push((await serve(`/${i}`)).split(" ")[1] ?? "");
  await rx.waitForSpans(count, 10_000);

  expect(rx.problems()).toEqual([]);
  expect(new Set(rx.spans().map((span) => span.traceId))).toEqual(new Set(traceIds));
  expect(rx.spans()).toHaveLength(count);
  expect(rx.requests.length).toBeLessThanOrEqual(count / 2);
});

it("keeps at most MAX_EXPORTS_IN_FLIGHT exports waiting on a collector that hangs", async () => {
  rx.failNext("hang", { times: 100 });
  // Spaced out, so each of the first requests finds no lingering leader and exports.
  for (let i = 0; i < 6; i++) {
    await serve(`/hang/${i}`);
    await new Promise((resolve) => setTimeout(resolve, LINGER_MS * 3));
  }
  // A third export starts only once an earlier one has been given up on.
  await rx.waitForRequests(MAX_EXPORTS_IN_FLIGHT + 1, 10_000);

  expect(rx.peakPending).toBe(MAX_EXPORTS_IN_FLIGHT);
  expect(rx.requests[0]?.state).toBe("aborted");
});
