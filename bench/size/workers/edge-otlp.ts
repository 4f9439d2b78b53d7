// edge-trace withTrace with OTLP/HTTP export: compared with otel-cf-workers.ts.
import { withTrace } from "../../../src/workers.js";

export default withTrace(
  {
    fetch(_request: Request, _env: unknown, _ctx: unknown, trace): Promise<Response> {
      return trace.fetch("https://example.com");
    },
  },
  { exporter: "otlp", endpoint: "http://127.0.0.1:4318" },
);
