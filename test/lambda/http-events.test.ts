import { afterEach, describe, expect, it } from "vitest";
import { type LambdaTraceOptions, traceOf, withTrace } from "../../src/lambda.js";
import type { Trace } from "../../src/trace/trace.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, type EventName, lambdaContext, loadEvent } from "./support.js";

const W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const W3C_PARENT = "00f067aa0ba902b7";

/** Runs `event` through a traced handler returning `result`; returns what each side saw. */
async function invoke(
  event: unknown,
  result: unknown = { statusCode: 200, body: "ok" },
  options: LambdaTraceOptions = {},
) {
  const sink = collectingSink();
  let seen: Trace | undefined;
  let seenEvent: unknown;
  const handler = withTrace(
    async (e: unknown, _context, trace) => {
      seen = trace;
      seenEvent = e;
      return result;
    },
    { exporter: sinkExporter(sink), ...options },
  );
  const response = await handler(event, lambdaContext());
  expect(sink.spans).toHaveLength(1);
  return { trace: seen!, span: sink.spans[0]!, response, seenEvent };
}

afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
});

describe("API Gateway REST API (v1) events", () => {
  it("continues the trace from title-case headers, with route, tracestate and baggage", async () => {
    const event = loadEvent("apigw-v1");
    const { trace, span, seenEvent } = await invoke(event);
    expect(seenEvent).toBe(event);
    expect(trace.traceId).toBe(W3C_TRACE);
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(trace.traceState?.get("rojo")).toBe("00f067aa0ba902b7");
    expect(trace.getBaggage("tenant")).toBe("acme");
    expect(trace.getBaggage("userId")).toBe("alice");
    expect(span.name).toBe("GET /items/{id}");
    expect(span.kind).toBe("server");
    expect(span.parentSpanId).toBe(W3C_PARENT);
    expect(span.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/items/{id}",
      "url.path": "/items/42",
      "url.scheme": "https",
      "server.address": "abc123defg.execute-api.us-east-1.amazonaws.com",
      "client.address": "198.51.100.7",
      "user_agent.original": "curl/8.5.0",
      "network.protocol.version": "1.1",
      "http.response.status_code": 200,
      "faas.trigger": "http",
      "faas.invocation_id": "8f5b7f9c-1d2e-4f3a-9b8c-7d6e5f4a3b2c",
      "faas.name": "orders-api",
      "faas.version": "$LATEST",
      "cloud.provider": "aws",
      "cloud.account.id": "123456789012",
      "aws.lambda.invoked_arn": "arn:aws:lambda:us-east-1:123456789012:function:orders-api:live",
    });
    expect(traceOf(event)).toBe(trace);
  });

  it("reads title-case names from multiValueHeaders when headers is null", async () => {
    const event = loadEvent("apigw-v1");
    event.headers = null;
    event.multiValueHeaders = {
      Traceparent: [`00-${W3C_TRACE}-${W3C_PARENT}-01`],
      BAGGAGE: ["tenant=acme"],
    };
    const { trace } = await invoke(event);
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(trace.getBaggage("tenant")).toBe("acme");
  });

  it("starts a new trace when headers and multiValueHeaders are both null", async () => {
    const event = loadEvent("apigw-v1");
    event.headers = null;
    event.multiValueHeaders = null;
    const { trace, span } = await invoke(event);
    expect(trace.traceId).not.toBe(W3C_TRACE);
    expect(trace.parentSpanId).toBeUndefined();
    expect(span.name).toBe("GET /items/{id}");
  });

  it("treats a traceparent repeated in multiValueHeaders as invalid: new root", async () => {
    const event = loadEvent("apigw-v1");
    const other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    // API Gateway keeps only the last value in `headers`; multiValueHeaders has both.
    event.headers.Traceparent = other;
    event.multiValueHeaders.Traceparent = [`00-${W3C_TRACE}-${W3C_PARENT}-01`, other];
    const { trace } = await invoke(event);
    expect(trace.parentSpanId).toBeUndefined();
    expect(trace.traceId).not.toBe(W3C_TRACE);
    expect(trace.traceId).not.toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("records a 5xx result as an error and leaves a 4xx one unset", async () => {
    const failed = await invoke(loadEvent("apigw-v1"), { statusCode: 503, body: "" });
    expect(failed.span.status.code).toBe("error");
    expect(failed.span.attributes["error.type"]).toBe("503");
    const notFound = await invoke(loadEvent("apigw-v1"), { statusCode: 404, body: "" });
    expect(notFound.span.status.code).toBe("unset");
    expect(notFound.span.attributes["http.response.status_code"]).toBe(404);
  });
});

describe("HTTP API (v2) and function URL events", () => {
  it("continues the trace, names the span from routeKey and reads comma-joined baggage", async () => {
    const { trace, span } = await invoke(loadEvent("apigw-v2"));
    expect(trace.traceId).toBe(W3C_TRACE);
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(trace.getBaggage("tenant")).toBe("acme");
    expect(trace.getBaggage("userId")).toBe("alice");
    expect(span.name).toBe("GET /items/{id}");
    expect(span.attributes).toMatchObject({
      "http.route": "/items/{id}",
      "url.path": "/items/42",
      "url.query": "expand=owner&expand=tags",
      "client.address": "198.51.100.7",
    });
  });

  it("treats two traceparent headers API Gateway comma-joined as invalid", async () => {
    const event = loadEvent("apigw-v2");
    event.headers.traceparent = `00-${W3C_TRACE}-${W3C_PARENT}-01,00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`;
    const { trace } = await invoke(event);
    expect(trace.parentSpanId).toBeUndefined();
  });

  it("counts a v2 result without statusCode (a string or a body object) as 200", async () => {
    expect((await invoke(loadEvent("apigw-v2"), "plain")).span.attributes).toMatchObject({
      "http.response.status_code": 200,
    });
    const body = { items: [] };
    const { span, response } = await invoke(loadEvent("apigw-v2"), body);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expect(response).toBe(body);
  });

  it("handles a function URL event: no route, so the span is named by method", async () => {
    const { trace, span } = await invoke(loadEvent("function-url"));
    expect(trace.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(trace.parentSpanId).toBe("b7ad6b7169203331");
    expect(span.name).toBe("POST");
    expect(span.attributes["http.route"]).toBeUndefined();
    expect(span.attributes["server.address"]).toBe(
      "a1b2c3d4e5f6g7h8i9j0.lambda-url.us-east-1.on.aws",
    );
  });
});

describe("ALB events", () => {
  it("reads single-value headers", async () => {
    const { trace, span } = await invoke(loadEvent("alb"));
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(span.name).toBe("GET");
    expect(span.attributes).toMatchObject({
      "url.path": "/health",
      "url.scheme": "http",
      "server.address": "lambda-alb-123578498.us-east-1.elb.amazonaws.com",
    });
  });

  it("reads multi-value headers, every baggage value", async () => {
    const { trace } = await invoke(loadEvent("alb-multi-value"));
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(trace.getBaggage("tenant")).toBe("acme");
    expect(trace.getBaggage("userId")).toBe("alice");
  });
});

describe("traceresponse", () => {
  const on = { traceResponse: true };

  it("is added to a new result object with a new headers object", async () => {
    const headers = { "content-type": "application/json" };
    const result = { statusCode: 200, headers, body: "{}" };
    const { trace, response } = await invoke(loadEvent("apigw-v2"), result, on);
    expect(response).not.toBe(result);
    expect(response).toEqual({
      statusCode: 200,
      body: "{}",
      headers: {
        "content-type": "application/json",
        traceresponse: `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? "01" : "00"}`,
      },
    });
    expect(result).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(result.headers).toBe(headers);
  });

  it("goes into multiValueHeaders for an ALB target group with multi-value headers", async () => {
    const result = {
      statusCode: 200,
      statusDescription: "200 OK",
      body: "",
      isBase64Encoded: false,
    };
    const { response, trace } = await invoke(loadEvent("alb-multi-value"), result, on);
    expect(response).toMatchObject({
      multiValueHeaders: { traceresponse: [expect.stringContaining(trace.spanId)] },
    });
    expect(result).not.toHaveProperty("multiValueHeaders");
  });

  it("leaves a caller-set header, a string result and non-HTTP events alone", async () => {
    const own = { statusCode: 200, headers: { TraceResponse: "00-keep" } };
    expect((await invoke(loadEvent("apigw-v1"), own, on)).response).toBe(own);
    expect((await invoke(loadEvent("apigw-v2"), "text", on)).response).toBe("text");
    const message = { statusCode: 200 };
    expect((await invoke(loadEvent("scheduled"), message, on)).response).toBe(message);
  });

  it("is off by default", async () => {
    const result = { statusCode: 200, headers: {} };
    expect((await invoke(loadEvent("apigw-v2"), result)).response).toBe(result);
  });
});

describe("other events", () => {
  it("starts a new root for an unknown event, named after the function", async () => {
    const { trace, span } = await invoke({
      action: "rebuild-index",
      traceparent: `00-${W3C_TRACE}-${W3C_PARENT}-01`,
    });
    expect(trace.parentSpanId).toBeUndefined();
    expect(trace.traceId).not.toBe(W3C_TRACE);
    expect(span.name).toBe("orders-api");
    expect(span.kind).toBe("server");
    expect(span.attributes["faas.trigger"]).toBe("other");
  });

  it("marks an EventBridge schedule as a timer trigger", async () => {
    const { span } = await invoke(loadEvent("scheduled"));
    expect(span.parentSpanId).toBeUndefined();
    expect(span.attributes).toMatchObject({
      "faas.trigger": "timer",
      "faas.time": "2025-04-09T12:00:00Z",
    });
  });

  it.each([null, undefined, "payload", 42, [1, 2]])(
    "accepts a non-object event (%s)",
    async (event) => {
      const { trace, span } = await invoke(event);
      expect(trace.parentSpanId).toBeUndefined();
      expect(span.attributes["faas.trigger"]).toBe("other");
    },
  );
});

describe("robustness", () => {
  it.each<EventName>([
    "apigw-v1",
    "apigw-v2",
    "function-url",
    "alb",
    "alb-multi-value",
    "sqs",
    "sns",
    "scheduled",
  ])("never changes the %s event", async (name) => {
    const event = loadEvent(name);
    await invoke(event, { statusCode: 200, headers: {} }, { traceResponse: true });
    expect(event).toEqual(loadEvent(name));
  });

  it("reads events with non-ASCII header values, which Headers would refuse", async () => {
    expect(() => new Headers({ "x-name": "日本語" })).toThrow();
    const v2 = loadEvent("apigw-v2");
    v2.headers["x-name"] = "日本語";
    v2.headers["user-agent"] = "Agent/1 (Straße)";
    const { trace, span } = await invoke(v2);
    expect(trace.parentSpanId).toBe(W3C_PARENT);
    expect(span.attributes["user_agent.original"]).toBe("curl/8.5.0");

    const v1 = loadEvent("apigw-v1");
    v1.multiValueHeaders["X-Title"] = ["Ünïcødé ☃"];
    v1.multiValueHeaders.Baggage = ["city=M%C3%BCnchen,note=日本"];
    expect((await invoke(v1)).trace.getBaggage("city")).toBe("München");
  });

  it("starts a new root when traceparent itself has non-ASCII characters", async () => {
    const event = loadEvent("apigw-v2");
    event.headers.traceparent = `00-${W3C_TRACE}-${W3C_PARENT}-0１`;
    const { trace } = await invoke(event);
    expect(trace.parentSpanId).toBeUndefined();
  });
});
