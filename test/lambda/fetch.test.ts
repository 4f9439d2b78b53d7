import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiGatewayProxyEventV2, withTrace } from "../../src/lambda.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, lambdaContext, loadEvent, startEchoServer } from "./support.js";

let echo: Awaited<ReturnType<typeof startEchoServer>>;
beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(() => echo.close());

describe("trace.fetch from a Lambda handler, to a real HTTP server", () => {
  it("injects the client span as parent, with tracestate and the baggage received and added", async () => {
    const sink = collectingSink();
    const handler = withTrace(
      async (_event: ApiGatewayProxyEventV2, _context, trace) => {
        trace.setBaggage("handledBy", "orders-api");
        const response = await trace.fetch(echo.url, { headers: { accept: "application/json" } });
        return { statusCode: response.status, body: await response.text() };
      },
      { exporter: sinkExporter(sink) },
    );
    const result = await handler(loadEvent("apigw-v2"), lambdaContext());
    expect(result.statusCode).toBe(200);

    const received = echo.received.at(-1)!;
    const client = sink.spans.find((s) => s.kind === "client")!;
    const server = sink.spans.find((s) => s.kind === "server")!;
    expect(client.parentSpanId).toBe(server.spanId);
    expect(received.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${client.spanId}-01`);
    expect(received.tracestate).toBe("rojo=00f067aa0ba902b7");
    expect(received.baggage).toBe("tenant=acme,userId=alice,handledBy=orders-api");
    expect(received.accept).toBe("application/json");
    expect(client.attributes["http.response.status_code"]).toBe(200);
  });

  it("propagates the context of an unsampled trace, recording nothing", async () => {
    const sink = collectingSink();
    const handler = withTrace(
      async (_event: ApiGatewayProxyEventV2, _context, trace) => {
        await trace.fetch(echo.url);
        return { statusCode: 204 };
      },
      { exporter: sinkExporter(sink) },
    );
    const event = loadEvent("apigw-v2");
    event.headers.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    await handler(event, lambdaContext());
    expect(sink.spans).toEqual([]);
    expect(echo.received.at(-1)!.traceparent).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/,
    );
  });
});
