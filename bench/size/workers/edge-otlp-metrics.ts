// edge-trace withTrace + OTLP export of spans and HTTP metrics (edge-trace/metrics).
import { httpMetrics } from "../../../src/metrics.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";

export default withTrace(
  {
    fetch(_request: Request, env: { UP: string }, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch(env.UP);
    },
  },
  { exporter: otlp({ metrics: httpMetrics({ callerRoute: true }) }) },
);
