// Hono with one route and no tracing: the base the Hono budget is measured from.
import { Hono } from "hono";

const app = new Hono();
app.get("/", () => fetch("https://example.com"));

export default app;
