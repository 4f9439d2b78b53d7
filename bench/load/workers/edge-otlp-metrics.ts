// edge-trace withTrace exporting spans and HTTP metrics (edge-trace/metrics), flushed together in waitUntil.
import { httpMetrics } from "../../../src/metrics.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";
import type { LoadEnv } from "./env.js";

export default withTrace(
  {
    fetch(_request: Request, env: LoadEnv, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch(env.UPSTREAM);
    },
  },
  (env: LoadEnv) => ({
    exporter: otlp({ endpoint: env.SINK, metrics: httpMetrics({ callerRoute: true }) }),
  }),
);
