// edge-trace withTrace with OTLP/HTTP export to the local sink, flushed in waitUntil per request.
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";
import type { LoadEnv } from "./env.js";

export default withTrace(
  {
    fetch(_request: Request, env: LoadEnv, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch(env.UPSTREAM);
    },
  },
  (env: LoadEnv) => ({ exporter: otlp({ endpoint: env.SINK }) }),
);
