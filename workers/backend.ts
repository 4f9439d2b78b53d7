/**
 * The example backend Worker: a traced WorkerEntrypoint. Its `fetch`
 * continues the caller's trace from `traceparent`; its `greet` method is
 * called over JS-RPC and continues the trace from the context argument
 * that `rpc(trace, env.BACKEND)` appends. `traceOf(this)` is the trace of
 * the call in progress (`WorkerEntrypoint` keeps the name `trace` for the
 * Tail Worker handler, so a class cannot declare it as a property).
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { formatBaggage, traceOf } from "../src/index.js";
import { otlpLogs } from "../src/logs.js";
import { httpMetrics } from "../src/metrics.js";
import { otlp } from "../src/otlp.js";
import { withTraceClass } from "../src/workers.js";

export default withTraceClass(
  class Backend extends WorkerEntrypoint {
    override async fetch(request: Request): Promise<Response> {
      const trace = traceOf(this);
      // What arrived, on the span: trace views (such as `npm start`'s) show it.
      trace?.setAttribute("demo.baggage", formatBaggage(trace.baggage));
      trace?.log.info("backend hit", { path: new URL(request.url).pathname });
      return Response.json({
        service: "backend",
        traceId: trace?.traceId,
        parentSpanId: trace?.parentSpanId,
        received: request.headers.get("traceparent"),
        user: trace?.getBaggage("user"),
      });
    }

    greet(name: string) {
      const trace = traceOf(this);
      trace?.setAttribute("demo.baggage", formatBaggage(trace.baggage));
      return { greeting: `hello ${name}`, traceId: trace?.traceId };
    }
  },
  { exporter: otlp({ logs: otlpLogs(), metrics: httpMetrics({ callerRoute: "record" }) }) },
);
