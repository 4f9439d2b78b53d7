import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceOf, withTrace } from "../../src/lambda.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, lambdaContext, loadEvent, spanNamed, startEchoServer } from "./support.js";

let echo: Awaited<ReturnType<typeof startEchoServer>>;
beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(() => echo.close());

/** A Hono app whose route reaches the Lambda trace through the event Hono puts in `c.env`. */
function app() {
  const hono = new Hono<{ Bindings: { event: object } }>();
  hono.get("/items/:id", async (c) => {
    const trace = traceOf(c.env.event);
    if (!trace) return c.json({ error: "no trace" }, 500);
    const response = await trace.fetch(echo.url);
    return c.json({ id: c.req.param("id"), traceId: trace.traceId, echoed: await response.json() });
  });
  hono.get("/boom", () => {
    throw new Error("boom");
  });
  // Hono's default error handler logs to the console; the answer is the same 500.
  hono.onError((_error, c) => c.text("Internal Server Error", 500));
  return hono;
}

describe("withTrace(handle(app)) from hono/aws-lambda", () => {
  it("traces the invocation and lets the route reach the trace with traceOf(c.env.event)", async () => {
    const sink = collectingSink();
    const handler = withTrace(handle(app()), { exporter: sinkExporter(sink), traceResponse: true });
    const event = loadEvent("apigw-v2");
    const result = await handler(event, lambdaContext());

    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body);
    expect(body.id).toBe("42");
    expect(body.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");

    const server = spanNamed(sink.spans, "GET /items/{id}");
    const client = sink.spans.find((s) => s.kind === "client")!;
    expect(server.parentSpanId).toBe("00f067aa0ba902b7");
    expect(server.attributes["http.response.status_code"]).toBe(200);
    expect(client.parentSpanId).toBe(server.spanId);
    expect(echo.received.at(-1)!.traceparent).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${client.spanId}-01`,
    );
    expect(echo.received.at(-1)!.baggage).toBe("tenant=acme,userId=alice");
    expect(result.headers?.traceresponse).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${server.spanId}-01`,
    );
  });

  it("records Hono's 500 for a route that throws", async () => {
    const sink = collectingSink();
    const handler = withTrace(handle(app()), { exporter: sinkExporter(sink) });
    const event = loadEvent("apigw-v1");
    event.path = "/boom";
    event.resource = "/boom";
    const result = await handler(event, lambdaContext());
    expect(result.statusCode).toBe(500);
    const span = spanNamed(sink.spans, "GET /boom");
    expect(span.status.code).toBe("error");
    expect(span.attributes["http.response.status_code"]).toBe(500);
  });
});
