// edge-trace withTrace + OTLP export + edge-trace/opentelemetry, one span
// made through @opentelemetry/api: compared with edge-otlp.ts (the bridge's
// bytes) and otel-cf-workers.ts. AsyncLocalStorage needs nodejs_als or nodejs_compat.
import { AsyncLocalStorage } from "node:async_hooks";
import { trace } from "@opentelemetry/api";
import { openTelemetry } from "../../../src/opentelemetry.js";
import { otlp } from "../../../src/otlp.js";
import { withTrace } from "../../../src/workers.js";

const otel = openTelemetry({ AsyncLocalStorage });

export default withTrace(
  {
    fetch(_request: Request, env: { UP: string }, _ctx: unknown, t): Promise<Response> {
      return trace.getTracer("app").startActiveSpan("work", async (span) => {
        const response = await t.fetch(env.UP);
        span.end();
        return response;
      });
    },
  },
  { exporter: otlp(), openTelemetry: otel },
);
