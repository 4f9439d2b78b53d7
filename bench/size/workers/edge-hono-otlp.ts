// Hono + edge-trace's tracing() with OTLP export: compared with hono.ts (budget: + 5 KiB).
import { Hono } from "hono";
import { tracing } from "../../../src/hono.js";

const app = new Hono();
app.use(tracing({ exporter: "otlp", endpoint: "http://127.0.0.1:4318" }));
app.get("/", (c) => c.var.trace.fetch("https://example.com"));

export default app;
