// Two traced handlers in one module, as with one export per route; Lambda
// is configured to call only `handler`.
import { withTrace } from "edge-trace/lambda";
import { otlp } from "edge-trace/otlp";

export const handler = withTrace(async (event) => ({ statusCode: 200, body: `${event.n}` }), {
  exporter: otlp(),
});
export const admin = withTrace(async () => ({ statusCode: 204 }), { exporter: otlp() });
