/**
 * The flush before returning, where no extension flushes after the response
 * (here: the handler called directly, as tests and local invokes do): it
 * waits at most `flushBudgetMs` (default 1000 ms) whatever time the
 * invocation has left, and a refused connection is given up at once rather
 * than retried with backoff.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import { DEFAULT_FLUSH_BUDGET_MS } from "../../src/lambda/flush.js";
import { withTrace } from "../../src/lambda.js";
import { otlp } from "../../src/otlp.js";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { lambdaContext, loadEvent } from "./support.js";

/** Time a loaded 2-core machine may add to a timer. */
const SLACK_MS = 250;

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterEach(() => rx.reset());
afterAll(() => rx.close());

/** Calls a fresh traced handler once, with 15 s left, as a test or local invoke would. */
async function invokeDirectly(options: Parameters<typeof withTrace>[1]) {
  const handler = withTrace(async () => ({ statusCode: 200 }), options);
  const started = Date.now();
  const result = await handler(loadEvent("apigw-v2"), lambdaContext(15_000));
  return { result, elapsed: Date.now() - started };
}

describe("the default flush budget", () => {
  it("is at most one second", () => {
    expect(DEFAULT_FLUSH_BUDGET_MS).toBeLessThanOrEqual(1000);
  });

  it("a hanging collector with default options: resolves within the budget, not the exporter's 10 s", async () => {
    rx.failNext("hang", { times: 5 });
    const { result, elapsed } = await invokeDirectly({ exporter: otlp({ endpoint: rx.url }) });
    expect(result).toEqual({ statusCode: 200 });
    expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_FLUSH_BUDGET_MS - 5);
    expect(elapsed).toBeLessThan(DEFAULT_FLUSH_BUDGET_MS + SLACK_MS);
    expect(rx.requests.map((r) => r.state)).toEqual(["pending"]);
  });

  it("is configurable: flushBudgetMs 200 returns after about 200 ms", async () => {
    rx.failNext("hang", { times: 5 });
    const { elapsed } = await invokeDirectly({
      exporter: otlp({ endpoint: rx.url }),
      flushBudgetMs: 200,
    });
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(elapsed).toBeLessThan(200 + SLACK_MS);
  });

  it("a collector that answers sends the span and returns as soon as it did", async () => {
    const { elapsed } = await invokeDirectly({ exporter: otlp({ endpoint: rx.url }) });
    expect(rx.spans().map((s) => s.name)).toEqual(["GET /items/{id}"]);
    expect(elapsed).toBeLessThan(DEFAULT_FLUSH_BUDGET_MS);
  });
});

describe("a refused connection", () => {
  it("is given up at once: one attempt, no backoff, onError told", async () => {
    const told: DiagnosticEvent[] = [];
    const { result, elapsed } = await invokeDirectly({
      exporter: otlp({ endpoint: await closedPortUrl(), onError: (event) => told.push(event) }),
    });
    expect(result).toEqual({ statusCode: 200 });
    // The exporter's first backoff alone would be 125–250 ms.
    expect(elapsed).toBeLessThan(120);
    expect(told).toMatchObject([
      { type: "export-failed", spanCount: 1, error: { message: "Network error", attempts: 1 } },
    ]);
  });
});
