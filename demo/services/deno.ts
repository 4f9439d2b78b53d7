/**
 * The demo's Deno service, "deno-api": a plain fetch handler traced with
 * `withTrace` from edge-trace/fetch and served by `Deno.serve`. It asks the
 * Lambda function for stock, so the trace goes on to AWS Lambda.
 *
 * Run by `npm start` (bundled with esbuild). Configured by variables:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (where spans go) and `LAMBDA_URL`.
 */
import { withTrace } from "../../src/fetch.js";
import { formatBaggage } from "../../src/index.js";
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
    const sku = new URL(request.url).pathname.split("/").pop() ?? "";
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
  { exporter: otlp({ serviceName: "deno-api", scheduledDelayMs: 100 }) },
);

Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`listening ${port}`) },
  handler,
);
