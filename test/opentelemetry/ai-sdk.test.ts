/**
 * A real emitter: the Vercel AI SDK 6 reports `generateText` and
 * `streamText` through @opentelemetry/api (`experimental_telemetry`). With
 * the bridge, its spans arrive at an OTLP receiver on 127.0.0.1 under the
 * server span, in the inbound traceparent's trace: in a Hono app served by
 * Node, a fetch handler and a Lambda handler. (AI SDK 7 with `@ai-sdk/otel`
 * needs Node 22: ai-sdk-7.test.ts runs it bundled into a Worker in workerd.)
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { generateText, simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTrace as withFetchTrace } from "../../src/fetch.js";
import { tracing } from "../../src/hono.js";
import { withTrace as withLambdaTrace } from "../../src/lambda.js";
import { openTelemetry } from "../../src/opentelemetry.js";
import { otlp } from "../../src/otlp.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { hex } from "../workers/harness.js";
import { type NodeServer, serveOnNode } from "./support/node-server.js";

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

function model(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: "text", text: "Hello from the mock" }],
      finishReason: { unified: "stop", raw: undefined },
      usage,
      warnings: [],
    }),
    doStream: async () => ({
      stream: simulateReadableStream({
        chunkDelayInMs: 2,
        chunks: [
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: "Hello, " },
          { type: "text-delta", id: "t", delta: "stream" },
          { type: "text-end", id: "t" },
          { type: "finish", finishReason: { unified: "stop", raw: undefined }, usage },
        ],
      }),
    }),
  });
}

const telemetry = { isEnabled: true, functionId: "greet" };
const generate = async () =>
  (await generateText({ model: model(), prompt: "Hi", experimental_telemetry: telemetry })).text;
const stream = () =>
  streamText({
    model: model(),
    prompt: "Hi",
    experimental_telemetry: telemetry,
  }).toTextStreamResponse();

const OPERATIONS = [
  ["/generate", "generateText"],
  ["/stream", "streamText"],
] as const;

const inbound = (traceId: string) => ({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });

let receiver: OtlpReceiver;
let otel: ReturnType<typeof openTelemetry>;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  otel = openTelemetry({ AsyncLocalStorage });
});
afterEach(() => receiver.reset());
afterAll(() => receiver.close());

/**
 * The SDK's spans of one trace: the top one (`ai.generateText` or
 * `ai.streamText`) is a child of the server span, the provider call
 * (`….doGenerate` / `….doStream`) a child of it, all under the AI SDK's
 * instrumentation scope, valid OTLP.
 */
async function expectSdkSpans(traceId: string, operation: "generateText" | "streamText") {
  const top = `ai.${operation}`;
  const call = operation === "generateText" ? `${top}.doGenerate` : `${top}.doStream`;
  const mine = (): ReceivedSpan[] => receiver.spans().filter((span) => span.traceId === traceId);
  await receiver.waitFor(
    () =>
      [top, call].every((name) => mine().some((span) => span.name === name)) &&
      mine().some((span) => span.kind === 2),
    `${top} and ${call} under the server span`,
  );
  expect(receiver.problems()).toEqual([]);
  const spans = mine();
  const server = spans.find((span) => span.kind === 2)!;
  const outer = spans.find((span) => span.name === top)!;
  const inner = spans.find((span) => span.name === call)!;
  expect(server.parentSpanId).toBe("00f067aa0ba902b7");
  expect(outer.parentSpanId).toBe(server.spanId);
  expect(inner.parentSpanId).toBe(outer.spanId);
  expect(outer.scope).toMatchObject({ name: "ai" });
  expect(outer.attributes["ai.telemetry.functionId"]).toBe("greet");
  expect(
    inner.attributes["ai.usage.outputTokens"] ?? inner.attributes["gen_ai.usage.output_tokens"],
  ).toBe(5);
}

describe("the AI SDK 6 through the bridge", () => {
  describe("in a Hono app served by Node", () => {
    let server: NodeServer;
    let middleware: ReturnType<typeof tracing>;
    beforeAll(async () => {
      middleware = tracing({
        exporter: otlp({ serviceName: "hono-ai", endpoint: receiver.url }),
        openTelemetry: otel,
      });
      const app = new Hono();
      app.use(middleware);
      app.get("/generate", async (c) => c.text(await generate()));
      app.get("/stream", () => stream());
      server = await serveOnNode((request) => app.fetch(request));
    });
    afterAll(() => server.close());

    for (const [path, operation] of OPERATIONS) {
      it(`${operation}: the SDK's spans are the server span's children, in the inbound trace`, async () => {
        const traceId = hex(32);
        const response = await fetch(`${server.url}${path}`, { headers: inbound(traceId) });
        expect(await response.text()).toMatch(/Hello/);
        await middleware.flush();
        await expectSdkSpans(traceId, operation);
      });
    }
  });

  describe("in a fetch handler (edge-trace/fetch) served by Node", () => {
    let server: NodeServer;
    let handler: { flush(): Promise<void> };
    beforeAll(async () => {
      const traced = withFetchTrace(
        (request: Request) =>
          new URL(request.url).pathname === "/stream"
            ? stream()
            : generate().then((text) => new Response(text)),
        {
          exporter: otlp({ serviceName: "fetch-ai", endpoint: receiver.url }),
          openTelemetry: otel,
          flushOnExit: false,
        },
      );
      handler = traced;
      server = await serveOnNode((request) => traced(request, undefined));
    });
    afterAll(() => server.close());

    for (const [path, operation] of OPERATIONS) {
      it(`${operation}: the SDK's spans are the server span's children, in the inbound trace`, async () => {
        const traceId = hex(32);
        const response = await fetch(`${server.url}${path}`, { headers: inbound(traceId) });
        expect(await response.text()).toMatch(/Hello/);
        await handler.flush();
        await expectSdkSpans(traceId, operation);
      });
    }
  });

  describe("in a Lambda handler (API Gateway v2 event)", () => {
    for (const operation of ["generateText", "streamText"] as const) {
      it(`${operation}: the SDK's spans are the invocation span's children, in the inbound trace`, async () => {
        const handler = withLambdaTrace(
          async () => {
            const body = operation === "generateText" ? await generate() : await stream().text();
            return { statusCode: 200, body };
          },
          {
            exporter: otlp({ serviceName: "lambda-ai", endpoint: receiver.url }),
            openTelemetry: otel,
          },
        );
        const traceId = hex(32);
        const event = loadEvent("apigw-v2");
        event.headers = { ...event.headers, ...inbound(traceId) };
        const result = (await handler(event, lambdaContext(5_000))) as { body: string };
        expect(result.body).toMatch(/Hello/);
        await expectSdkSpans(traceId, operation);
      });
    }
  });
});
