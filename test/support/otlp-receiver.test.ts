import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { closedPortUrl, type OtlpReceiver, startOtlpReceiver } from "./otlp-receiver.js";

const VALID = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
      scopeSpans: [
        {
          scope: { name: "edge-trace", version: "0" },
          spans: [
            {
              traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", // hex is case-insensitive in OTLP/JSON
              spanId: "00f067aa0ba902b7",
              name: "op",
              kind: 1,
              startTimeUnixNano: "1700000000000000000",
              endTimeUnixNano: 1700000000, // numbers are accepted for int64 too
              attributes: [{ key: "n", value: { intValue: "7" } }],
              status: {},
            },
          ],
        },
      ],
    },
  ],
};

function post(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("the test OTLP receiver", () => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());
  beforeEach(() => rx.reset());

  test("accepts a valid request with 200 and decodes its spans", async () => {
    const response = await post(rx.tracesUrl, JSON.stringify(VALID));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(rx.problems()).toEqual([]);
    await rx.waitForSpans(1);
    expect(rx.spans()[0]).toMatchObject({
      name: "op",
      attributes: { n: 7 },
      resource: { "service.name": "svc" },
    });
  });

  test("answers 400 and records the problems of an invalid body", async () => {
    const bad = structuredClone(VALID);
    (bad.resourceSpans[0]!.scopeSpans[0]!.spans[0] as Record<string, unknown>).kind =
      "SPAN_KIND_INTERNAL";
    expect((await post(rx.tracesUrl, JSON.stringify(bad))).status).toBe(400);
    expect((await post(rx.tracesUrl, "not json")).status).toBe(400);
    expect((await post(`${rx.url}/v1/profiles`, JSON.stringify(VALID))).status).toBe(400);
    // A span body sent to the logs path is checked as logs, and is not logs.
    expect((await post(`${rx.url}/v1/logs`, JSON.stringify(VALID))).status).toBe(400);
    expect(rx.problems()).toEqual([
      expect.stringMatching(/^request 0: schema: .*kind: enum value expected/),
      expect.stringMatching(/^request 1: body: /),
      "request 2: path /v1/profiles, expected /v1/traces, /v1/logs or /v1/metrics",
      expect.stringMatching(/^request 3: resourceSpans: not in the schema/),
    ]);
    expect(rx.spans()).toEqual([]);
  });

  test("decodes gzip bodies", async () => {
    const body = new Uint8Array(gzipSync(JSON.stringify(VALID)));
    const response = await post(rx.tracesUrl, body, { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    expect(rx.requests[0]?.gzip).toBe(true);
    expect(rx.spans()).toHaveLength(1);
  });

  test("scripted answers queue in order, then requests are accepted again", async () => {
    rx.failNext(503, { times: 2, retryAfter: "1" });
    rx.failNext(500);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(rx.tracesUrl, JSON.stringify(VALID))).status);
    expect(statuses).toEqual([503, 503, 500, 200]);
    expect(rx.requests[0]?.status).toBe(503);
  });

  test("hang holds the request unanswered until the client gives up", async () => {
    rx.failNext("hang");
    const controller = new AbortController();
    const sent = fetch(rx.tracesUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(VALID),
      signal: controller.signal,
    });
    await rx.waitForRequests(1);
    expect(rx.pending).toBe(1);
    expect(rx.requests[0]?.state).toBe("pending");
    controller.abort();
    await expect(sent).rejects.toThrow();
    await vi.waitFor(() => expect(rx.requests[0]?.state).toBe("aborted"));
  });

  test("slow-body sends the status at once and holds the body back", async () => {
    rx.failNext("slow-body", { delayMs: 50 });
    const response = await post(rx.tracesUrl, JSON.stringify(VALID));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("{}");
  });

  test("reset drops the connection: the client sees a network error", async () => {
    rx.failNext("reset");
    await expect(post(rx.tracesUrl, JSON.stringify(VALID))).rejects.toThrow();
  });

  test("a closed port refuses connections", async () => {
    await expect(post(`${await closedPortUrl()}/v1/traces`, "{}")).rejects.toThrow();
  });
});
