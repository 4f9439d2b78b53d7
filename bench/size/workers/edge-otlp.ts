// edge-trace withTrace with OTLP/HTTP export: compared with otel-cf-workers.ts.
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";

export default withTrace(
  {
    fetch(_request: Request, env: { UP: string }, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch(env.UP);
    },
  },
  { exporter: otlp() },
);
