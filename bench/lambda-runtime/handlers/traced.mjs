// The quick start's handler, unchanged: withTrace at module top level, otlp()
// configured by OTEL_EXPORTER_OTLP_ENDPOINT.
import { withTrace } from "edge-trace/lambda";
import { otlp } from "edge-trace/otlp";

export const handler = withTrace(
  async (event) => ({ statusCode: 200, body: JSON.stringify({ n: event.n }) }),
  { exporter: otlp() },
);
