/**
 * Logs and metrics from Lambda, with real-shaped API Gateway events, at a
 * real OTLP receiver: sent before the handler returns, schema-checked, and
 * correlated by trace id with the invocation's spans.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTrace } from "../../src/lambda.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { otlp } from "../../src/otlp.js";
import { lambdaContext, loadEvent, startEchoServer } from "../lambda/support.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
beforeAll(async () => {
  rx = await startOtlpReceiver();
  echo = await startEchoServer();
});
afterEach(() => rx.reset());
afterAll(async () => {
  await rx.close();
  await echo.close();
});

describe("Lambda: logs and metrics on the invocation's flush", () => {
  it("has sent spans, logs and metrics, correlated, by the time the handler returns", async () => {
    const handler = withTrace(
      async (_event: unknown, _context, trace) => {
        trace.log.info("reading item", { item: 42 });
        await trace.fetch(echo.url);
        trace.log.warn("slow upstream");
        return { statusCode: 201, body: "{}" };
      },
      {
        exporter: otlp({
          endpoint: rx.url,
          serviceName: "orders-api",
          logs: otlpLogs(),
          metrics: httpMetrics(),
        }),
        logWriter: () => {},
      },
    );
    await handler(loadEvent("apigw-v2"), lambdaContext(3_000));

    expect(rx.problems()).toEqual([]);
    const server = rx.spans().find((s) => s.kind === 2)!;
    expect(server.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");

    const logs = rx.logs();
    expect(logs.map((l) => [l.severityText, l.severityNumber, l.body])).toEqual([
      ["INFO", 9, "reading item"],
      ["WARN", 13, "slow upstream"],
    ]);
    for (const log of logs) {
      expect(log.traceId).toBe(server.traceId);
      expect(log.spanId).toBe(server.spanId);
      expect(log.flags).toBe(1);
      expect(log.resource["service.name"]).toBe("orders-api");
    }
    expect(logs[0]!.attributes).toEqual({ item: 42 });

    const [point] = rx.points().filter((p) => p.name === "http.server.request.duration");
    expect(point!.temporality).toBe(1);
    expect(point!.unit).toBe("s");
    expect(point!.count).toBe(1);
    expect(point!.attributes).toEqual({
      "http.request.method": "GET",
      "http.route": "/items/{id}",
      "http.response.status_code": 201,
    });
    expect(point!.exemplars).toHaveLength(1);
    expect(point!.exemplars[0]).toMatchObject({ traceId: server.traceId, spanId: server.spanId });
    expect(point!.resource["service.name"]).toBe("orders-api");

    const [call] = rx.points().filter((p) => p.name === "http.client.request.duration");
    expect(call!.attributes).toMatchObject({
      "http.request.method": "GET",
      "server.address": "127.0.0.1",
      "http.response.status_code": 200,
    });
    const client = rx.spans().find((s) => s.kind === 3)!;
    expect(call!.exemplars[0]).toMatchObject({ traceId: server.traceId, spanId: client.spanId });
  });

  it("records a handler that throws with error.type and no status", async () => {
    const handler = withTrace(
      async () => {
        throw new RangeError("boom");
      },
      { exporter: otlp({ endpoint: rx.url, metrics: httpMetrics() }) },
    );
    await expect(handler(loadEvent("apigw-v1"), lambdaContext(3_000))).rejects.toThrow("boom");
    expect(rx.problems()).toEqual([]);
    const [point] = rx.points();
    expect(point!.attributes["error.type"]).toBe("RangeError");
    expect(point!.attributes["http.response.status_code"]).toBeUndefined();
  });

  it("measures requests that are not sampled, without exemplars", async () => {
    const handler = withTrace(async () => ({ statusCode: 200 }), {
      exporter: otlp({ endpoint: rx.url, metrics: httpMetrics() }),
      sampler: () => false,
    });
    await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
    await handler(loadEvent("apigw-v2"), lambdaContext(3_000));
    expect(rx.spans()).toEqual([]);
    const counts = rx.points().map((p) => [p.count, p.exemplars.length]);
    expect(counts).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });
});
