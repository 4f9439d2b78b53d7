/**
 * On long-running servers one timer sends all three signals: spans, logs
 * and metrics go out together every `scheduledDelayMs` of `otlp()`, with no
 * `flush()` call, also when no span records (docs/signals.md, "One flush
 * for all three"). Short delays, a real OTLP receiver, the fetch adapter in Node.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { withTrace } from "../../src/fetch.js";
import { alwaysOff } from "../../src/index.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { otlp } from "../../src/otlp.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

const DELAY_MS = 300;

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx.close());

function handler(sampled: boolean) {
  return withTrace(
    (_request: Request, _info: unknown, trace) => {
      trace.log.info("served");
      return new Response("ok");
    },
    {
      logWriter: () => {},
      flushOnExit: false,
      ...(sampled ? {} : { sampler: alwaysOff }),
      exporter: otlp({
        endpoint: rx.url,
        scheduledDelayMs: DELAY_MS,
        logs: otlpLogs(),
        metrics: httpMetrics(),
      }),
    },
  );
}

const paths = () => new Set(rx.requests.map((request) => request.path));

it.each([
  { sampled: true, expected: ["/v1/logs", "/v1/metrics", "/v1/traces"] },
  { sampled: false, expected: ["/v1/logs", "/v1/metrics"] },
])(
  "one timer sends every signal at scheduledDelayMs, without flush() (sampled: $sampled)",
  async ({ sampled, expected }) => {
    const started = Date.now();
    await handler(sampled)(new Request("http://shop.test/"), undefined);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS / 2));
    expect(paths().size).toBe(0);
    await rx.waitFor(() => paths().size >= expected.length, "the timer's flush", 5_000);
    const elapsed = Date.now() - started;
    expect([...paths()].sort()).toEqual(expected);
    // One timer, not three: all went out on its first firing, well before a second.
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS);
    expect(elapsed).toBeLessThan(DELAY_MS * 2 + 500);
    expect(rx.requests).toHaveLength(expected.length);
    expect(rx.problems()).toEqual([]);
  },
);
