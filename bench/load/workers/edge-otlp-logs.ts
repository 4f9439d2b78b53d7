// edge-trace withTrace exporting spans and one log record per request (edge-trace/logs), flushed together in waitUntil.
import { otlpLogs } from "../../../src/logs.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";
import type { LoadEnv } from "./env.js";

// The console line is the user's: the bench measures the export, not console.log.
const quiet = (): void => {};

export default withTrace(
  {
    fetch(_request: Request, env: LoadEnv, _ctx: unknown, trace): Promise<Response> {
      trace.log.info("calling upstream", { attempt: 1 });
      return trace.fetch(env.UPSTREAM);
    },
  },
  (env: LoadEnv) => ({
    exporter: otlp({ endpoint: env.SINK, logs: otlpLogs() }),
    logWriter: quiet,
  }),
);
