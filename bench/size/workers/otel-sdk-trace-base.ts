// @opentelemetry/sdk-trace-base's tracer provider registered on
// @opentelemetry/api, one span: what recording API spans costs with the
// SDK before any exporter or context manager (otel-cf-workers adds both).
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";

trace.setGlobalTracerProvider(new BasicTracerProvider());

export default {
  fetch(): Promise<Response> {
    return trace.getTracer("app").startActiveSpan("work", async (span) => {
      const response = await fetch("https://example.com");
      span.end();
      return response;
    });
  },
};
