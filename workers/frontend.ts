/**
 * The example frontend Worker: continues (or starts) the trace of each
 * request and calls the backend Worker through the `BACKEND` service
 * binding twice: with `fetch`, which the env view injects, and over JS-RPC
 * with `rpc(trace, ...)`. Spans go out over OTLP (`exporter: otlp()`) to
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (see wrangler.toml). When `HONO_URL` is set (`npm start` sets it),
 * it also asks that service for a price, in parallel with the backend.
 */
import { formatBaggage } from "../src/index.js";
import { otlpLogs } from "../src/logs.js";
import { httpMetrics } from "../src/metrics.js";
import { otlp } from "../src/otlp.js";
import { rpc, withTrace } from "../src/workers.js";
import type Backend from "./backend.js";

interface Env {
  /** A service binding to the backend Worker's entrypoint, typed from its class. */
  readonly BACKEND: Service<typeof Backend>;
  /** Another traced service to call over plain HTTP (the demo's Hono app on Bun). */
  readonly HONO_URL?: string;
}

export default withTrace(
  {
    async fetch(request: Request, env: Env, _ctx, trace) {
      // What arrived, on the span: trace views (such as `npm start`'s) show it.
      trace.setAttribute("demo.baggage", formatBaggage(trace.baggage));
      // Its route, for metrics and for the callees' caller-route breakdown.
      trace.setRoute(request.method, "/");
      const params = new URL(request.url).searchParams;
      trace.setBaggage("user", params.get("user") ?? "anonymous");
      // Two calls at once: each is its own client span, and each callee's parent.
      const [viaFetch, price] = await Promise.all([
        env.BACKEND.fetch("https://backend/hello").then((r) => r.json()),
        env.HONO_URL
          ? trace.fetch(`${env.HONO_URL}/price/${params.get("sku") ?? "42"}`).then((r) => r.json())
          : undefined,
      ]);
      const viaRpc = await rpc(trace, env.BACKEND, "BACKEND").greet("frontend");
      return Response.json({
        service: "frontend",
        traceId: trace.traceId,
        spanId: trace.spanId,
        traceparent: trace.headers().traceparent,
        backend: { viaFetch, viaRpc },
        ...(price === undefined ? {} : { price }),
      });
    },
  },
  // All three signals: spans, trace.log records, HTTP metrics (with the caller route).
  { exporter: otlp({ logs: otlpLogs(), metrics: httpMetrics({ callerRoute: true }) }) },
);
