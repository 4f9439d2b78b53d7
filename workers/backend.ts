/**
 * The example backend Worker: a traced WorkerEntrypoint. Its `fetch`
 * continues the caller's trace from `traceparent`; its `greet` method is
 * called over JS-RPC and continues the trace from the context argument
 * that `rpc(trace, env.BACKEND)` appends.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { formatBaggage } from "../src/index.js";
import { otlpLogs } from "../src/logs.js";
import { httpMetrics } from "../src/metrics.js";
import { otlp } from "../src/otlp.js";
import { type Trace, withTraceClass } from "../src/workers.js";

export default withTraceClass(
  class Backend extends WorkerEntrypoint {
    declare readonly trace: Trace | undefined;

    async fetch(request: Request): Promise<Response> {
      // What arrived, on the span: trace views (such as `npm start`'s) show it.
      this.trace?.setAttribute("demo.baggage", formatBaggage(this.trace.baggage));
      this.trace?.log.info("backend hit", { path: new URL(request.url).pathname });
      return Response.json({
        service: "backend",
        traceId: this.trace?.traceId,
        parentSpanId: this.trace?.parentSpanId,
        received: request.headers.get("traceparent"),
        user: this.trace?.getBaggage("user"),
      });
    }

    greet(name: string) {
      this.trace?.setAttribute("demo.baggage", formatBaggage(this.trace.baggage));
      return { greeting: `hello ${name}`, traceId: this.trace?.traceId };
    }
  },
  { exporter: otlp({ logs: otlpLogs(), metrics: httpMetrics({ callerRoute: "record" }) }) },
);
