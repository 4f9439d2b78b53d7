/**
 * The demo's caller-route table and the logs in its HTML waterfall, from
 * OTLP bodies as the services send them.
 */
import { describe, expect, it } from "vitest";
import { formatRoutes } from "../../demo/caller-routes.js";
import { addMetrics, decodeLogs, p95, type RouteRow } from "../../demo/signals.js";
import { renderHtml } from "../../demo/waterfall-html.js";

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const metricsBody = (
  caller: string,
  count: number,
  buckets: number[],
  sum: number,
  max: number,
) => ({
  resourceMetrics: [
    {
      resource: { attributes: [str("service.name", "catalog")] },
      scopeMetrics: [
        {
          metrics: [
            {
              name: "http.server.request.duration",
              histogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  {
                    attributes: [
                      str("http.request.method", "GET"),
                      str("http.route", "/product/:id"),
                      str("edge_trace.caller.route", caller),
                    ],
                    count: String(count),
                    sum,
                    min: 0.001,
                    max,
                    bucketCounts: buckets.map(String),
                    explicitBounds: [0.01, 0.1, 1],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
});

describe("the caller-route table", () => {
  it("adds delta points up per caller > route and estimates p95 from the buckets", () => {
    const rows = new Map<string, RouteRow>();
    addMetrics(rows, metricsBody("POST /cart/add", 10, [9, 1, 0, 0], 0.2, 0.05));
    addMetrics(rows, metricsBody("POST /cart/add", 10, [10, 0, 0, 0], 0.05, 0.008));
    addMetrics(rows, metricsBody("*", 1, [0, 0, 1, 0], 0.5, 0.5));
    const [cart, unknown] = [...rows.values()];
    expect([cart!.count, cart!.sum, cart!.buckets]).toEqual([20, 0.25, [19, 1, 0, 0]]);
    expect(p95(cart!)).toBeCloseTo(0.01, 5);
    // Interpolated inside (0.1, 1], narrowed to the largest value seen (0.5).
    expect(p95(unknown!)).toBeCloseTo(0.48, 5);
    const table = formatRoutes([...rows.values()], { colour: false, width: 120 });
    expect(table).toMatch(/catalog\s+\* > GET \/product\/:id\s+1\s+500\.0 ms\s+480\.0 ms/);
    expect(table).toMatch(/POST \/cart\/add > GET \/product\/:id\s+20\s+12\.5 ms/);
  });

  it("shows each span's logs under it in the HTML waterfall", () => {
    const logs = decodeLogs({
      resourceLogs: [
        {
          resource: { attributes: [str("service.name", "catalog")] },
          scopeLogs: [
            {
              logRecords: [
                {
                  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
                  spanId: "00f067aa0ba902b7",
                  timeUnixNano: "1700000000000000000",
                  severityText: "WARN",
                  body: { stringValue: "slow <db>" },
                  attributes: [str("table", "items")],
                },
              ],
            },
          ],
        },
      ],
    });
    const span = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      parentSpanId: undefined,
      service: "catalog",
      name: "GET /product/:id",
      kind: "server",
      startMs: 0,
      endMs: 10,
      error: false,
    };
    const html = renderHtml([span], "t", logs);
    expect(html).toContain('<tr class="log">');
    expect(html).toContain("WARN</span>slow &lt;db&gt;");
    expect(html).toContain("&quot;table&quot;:&quot;items&quot;");
  });
});
