/**
 * A 512-span batch as a busy HTTP service exports it: server spans with
 * the HTTP conventions' attributes, client children with a status, an
 * event on some, a link on a few, one resource. Built from a seeded
 * counter, so every run encodes the same batch.
 * @module
 */
import type { Attributes, FinishedSpan } from "../../src/trace/span-data.js";

/** The spans per export request (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`'s default). */
export const BATCH_SIZE = 512;

const hex = (n: number, length: number): string =>
  (n * 2654435761).toString(16).padStart(length, "0").slice(-length).replace(/^0/, "a");

/** The resource every span shares. */
export const RESOURCE: Attributes = {
  "service.name": "checkout",
  "service.version": "1.4.2",
  "deployment.environment": "production",
  "telemetry.sdk.name": "edge-trace",
  "telemetry.sdk.language": "webjs",
  "telemetry.sdk.version": "0.1.0",
  "cloud.provider": "cloudflare",
};

/** @returns the batch. */
export function spanBatch(): FinishedSpan[] {
  const spans: FinishedSpan[] = [];
  const start = 1_700_000_000_000;
  for (let i = 0; i < BATCH_SIZE; i++) {
    const server = i % 2 === 0;
    const traceId = `${hex(i >> 1, 16)}${hex((i >> 1) + 7, 16)}`;
    spans.push({
      traceId,
      spanId: hex(i + 1, 16),
      parentSpanId: server ? undefined : hex(i, 16),
      parentIsRemote: server,
      traceFlags: 1,
      traceState: i % 16 === 0 ? "vendor=abc,other=x" : undefined,
      name: server ? "GET /items/:id" : "GET",
      kind: server ? "server" : "client",
      startTime: start + i * 3.125,
      endTime: start + i * 3.125 + 12.5,
      attributes: server
        ? {
            "http.request.method": "GET",
            "http.route": "/items/:id",
            "url.path": `/items/${i}`,
            "url.scheme": "https",
            "server.address": "shop.example.com",
            "http.response.status_code": 200,
            "user_agent.original":
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15",
            "client.address": "203.0.113.7",
            "network.protocol.version": "2",
            "cloudflare.colo": "FRA",
          }
        : {
            "http.request.method": "GET",
            "url.full": `https://inventory.internal/stock/${i}`,
            "server.address": "inventory.internal",
            "http.response.status_code": i % 50 === 1 ? 503 : 200,
            "edge_trace.retry": [1, 2],
          },
      events:
        i % 8 === 1
          ? [
              {
                name: "exception",
                time: start + i,
                attributes: {
                  "exception.type": "TypeError",
                  "exception.message": "failed to fetch",
                },
              },
            ]
          : [],
      links:
        i % 32 === 0
          ? [
              {
                context: {
                  traceId: hex(i + 99, 32),
                  spanId: hex(i + 3, 16),
                  traceFlags: 1,
                  isRemote: true,
                },
                attributes: {},
              },
            ]
          : [],
      status: i % 50 === 1 ? { code: "error", message: "upstream 503" } : { code: "unset" },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    });
  }
  return spans;
}
