import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler } from "../../lambda/handler.js";
import { lambdaContext, loadEvent, startEchoServer } from "./support.js";

let echo: Awaited<ReturnType<typeof startEchoServer>>;
beforeAll(async () => {
  echo = await startEchoServer();
  process.env.DOWNSTREAM_URL = echo.url;
});
afterAll(async () => {
  delete process.env.DOWNSTREAM_URL;
  await echo.close();
});

describe("the example handler (lambda/handler.ts)", () => {
  it("answers with the trace it saw and the baggage it received, and calls downstream in that trace", async () => {
    const result = await handler(loadEvent("apigw-v2"), lambdaContext());
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body ?? "");
    expect(body).toMatchObject({
      route: "GET /items/{id}",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "00f067aa0ba902b7",
      sampled: true,
      baggage: { tenant: "acme", userId: "alice" },
      downstream: { url: echo.url, status: 200 },
    });
    const sent = echo.received.at(-1)!;
    expect(sent.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(sent.baggage).toBe("tenant=acme,userId=alice,handledBy=orders-api");
    expect(body.downstream.body.headers.traceparent).toBe(sent.traceparent);
    expect(result.headers?.traceresponse).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${body.spanId}-01`,
    );
  });
});
