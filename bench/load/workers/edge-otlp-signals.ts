// edge-trace withTrace exporting spans, one log record per request and HTTP metrics, flushed together in waitUntil.
import { otlpLogs } from "../../../src/logs.js";
import { httpMetrics } from "../../../src/metrics.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";
import type { LoadEnv } from "./env.js";

const quiet = (): void => {};

export default withTrace(
  {
    fetch(_request: Request, env: LoadEnv, _ctx: unknown, trace): Promise<Response> {
      trace.log.info("calling upstream", { attempt: 1 });
      return trace.fetch(env.UPSTREAM);
    },
  },
  (env: LoadEnv) => ({
    exporter: otlp({
      endpoint: env.SINK,
      logs: otlpLogs(),
      metrics: httpMetrics({ callerRoute: true }),
    }),
    logWriter: quiet,
  }),
);
