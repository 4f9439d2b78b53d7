// @microlabs/otel-cf-workers with OTLP export (it needs the nodejs_compat flag).
import { instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";

const config: ResolveConfigFn = () => ({
  exporter: { url: "http://127.0.0.1:4318/v1/traces" },
  service: { name: "bench" },
});

export default instrument(
  {
    fetch(): Promise<Response> {
      return fetch("https://example.com");
    },
  },
  config,
);
