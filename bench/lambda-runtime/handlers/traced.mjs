// The quick start's handler, unchanged: withTrace at module top level, otlp()
// configured by OTEL_EXPORTER_OTLP_ENDPOINT.
import { withTrace } from "../../../dist/lambda.js";
import { otlp } from "../../../dist/otlp.js";

export const handler = withTrace(
  async (event) => ({ statusCode: 200, body: JSON.stringify({ n: event.n }) }),
  { exporter: otlp() },
);
