/**
 * The demo's Deno service, "deno-api": a plain fetch handler traced with
 * `withTrace` from edge-trace/fetch and served by `Deno.serve`. It asks the
 * Lambda function for stock, so the trace goes on to AWS Lambda. Exports
 * all three signals; its route travels to Lambda as the caller route.
 *
 * Run by `npm start` (bundled with esbuild). Configured by variables:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (where spans go) and `LAMBDA_URL`.
 */
import { withTrace } from "../../src/fetch.js";
import { formatBaggage } from "../../src/index.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { otlp } from "../../src/otlp.js";

/** The parts of the Deno global used here, written structurally (no Deno types in this repo). */
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen(addr: { port: number }): void },
    handler: (request: Request, info: unknown) => Promise<Response>,
  ): unknown;
};

const lambdaUrl = Deno.env.get("LAMBDA_URL") ?? "";

const handler = withTrace(
  async (request, _info, trace) => {
    // Shown by the demo's waterfall: the baggage that reached this service.
    trace.setAttribute("demo.baggage", formatBaggage(trace.baggage));
    // A plain fetch handler knows its own route: metrics and the caller route use it.
    trace.setRoute(request.method, "/reserve/:sku");
    const sku = new URL(request.url).pathname.split("/").pop() ?? "";
    trace.log.info("reserving stock", { sku });
    const reserved = await trace.span("reserve stock", async (span) => {
      span.setAttribute("stock.sku", sku);
      const response = await span.fetch(`${lambdaUrl}/stock/${encodeURIComponent(sku)}`, {
        headers: { accept: "application/json" },
      });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    return Response.json({ service: "deno-api", sku, lambda: reserved });
  },
  // A short export timer so the demo's spans arrive within a moment.
  {
    exporter: otlp({
      serviceName: "deno-api",
      scheduledDelayMs: 100,
      logs: otlpLogs(),
      metrics: httpMetrics({ callerRoute: true }),
    }),
  },
);

Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`listening ${port}`) },
  handler,
);
