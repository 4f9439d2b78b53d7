// edge-trace withTrace with OTLP/HTTP export, protobuf-capable: edge-otlp.ts with the other import.
import { otlp } from "../../../src/otlp-protobuf.js";
import { withTrace } from "../../../src/workers.js";

export default withTrace(
  {
    fetch(_request: Request, env: { UP: string }, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch(env.UP);
    },
  },
  { exporter: otlp() },
);
