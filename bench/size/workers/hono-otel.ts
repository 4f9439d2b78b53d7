// Hono + @hono/otel + otel-cf-workers with OTLP export (nodejs_compat).
import { httpInstrumentationMiddleware } from "@hono/otel";
import { instrument, type ResolveConfigFn } from "@microlabs/otel-cf-workers";
import { Hono } from "hono";

const app = new Hono();
app.use(httpInstrumentationMiddleware());
app.get("/", () => fetch("https://example.com"));

const config: ResolveConfigFn = () => ({
  exporter: { url: "http://127.0.0.1:4318/v1/traces" },
  service: { name: "bench" },
});

export default instrument(app, config);
