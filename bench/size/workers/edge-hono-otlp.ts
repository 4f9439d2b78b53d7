// Hono + edge-trace's tracing() with OTLP export: compared with hono.ts.
import { Hono } from "hono";
import { tracing } from "../../../src/hono.js";
import { otlp } from "../../../src/otlp.js";

const app = new Hono<{ Bindings: { UP: string } }>();
app.use(tracing({ exporter: otlp() }));
app.get("/", (c) => c.var.trace.fetch(c.env.UP));

export default app;
