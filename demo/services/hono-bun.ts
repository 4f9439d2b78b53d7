/**
 * The demo's Bun service, "hono-bun": a Hono app with the `tracing()`
 * middleware from edge-trace/hono, served by `Bun.serve`. It prices a
 * product and asks the Deno service to reserve it, one call after the other.
 *
 * Run by `npm start` (bundled with esbuild). Configured by variables:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (where spans go) and `DENO_URL`.
 */
import { Hono } from "hono";
import { tracing } from "../../src/hono.js";
import { formatBaggage } from "../../src/index.js";
import { otlpLogs } from "../../src/logs.js";
import { httpMetrics } from "../../src/metrics.js";
import { otlp } from "../../src/otlp.js";

/** The parts of the Bun global used here, written structurally. */
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch(request: Request): Response | Promise<Response>;
  }): { readonly port: number };
};

const denoUrl = process.env.DENO_URL ?? "";

const app = new Hono();
// A short export timer so the demo's spans arrive within a moment.
// Logs and metrics too; this service's route travels to Deno as the caller route.
app.use(
  tracing({
    exporter: otlp({
      serviceName: "hono-bun",
      scheduledDelayMs: 100,
      logs: otlpLogs(),
      metrics: httpMetrics({ callerRoute: true }),
    }),
  }),
);

app.get("/price/:sku", async (c) => {
  const trace = c.var.trace;
  // Shown by the demo's waterfall: the baggage that reached this service.
  trace.setAttribute("demo.baggage", formatBaggage(trace.baggage));
  const sku = c.req.param("sku");
  const price = trace.span("compute price", (span) => {
    span.setAttribute("price.sku", sku);
    return 1999;
  });
  trace.log.info("priced", { sku, price });
  // Everything downstream sees this member too.
  trace.setBaggage("currency", "EUR");
  const reserved = await trace.fetch(`${denoUrl}/reserve/${encodeURIComponent(sku)}`);
  return c.json({ service: "hono-bun", sku, price, deno: await reserved.json() });
});

const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
console.log(`listening ${server.port}`);
