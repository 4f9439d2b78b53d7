// edge-trace withTrace + OTLP export of spans and logs (edge-trace/logs).
import { otlpLogs } from "../../../src/logs.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";

export default withTrace(
  {
    fetch(_request: Request, env: { UP: string }, _ctx: unknown, trace): Promise<Response> {
      trace.log.info("calling up");
      return trace.fetch(env.UP);
    },
  },
  { exporter: otlp({ logs: otlpLogs() }) },
);
