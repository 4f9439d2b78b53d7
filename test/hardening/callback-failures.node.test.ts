/**
 * Every callback an option accepts, made to throw, on the adapters that run
 * in Node: the fetch handler (`edge-trace/fetch`), Hono's `tracing()` and
 * Lambda with a real-shaped API Gateway v2 event. The table and the handler
 * are test/hardening/fixtures/callbacks.ts, which the workerd test runs too.
 */
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import { withTrace as withFetchTrace } from "../../src/fetch.js";
import { tracing } from "../../src/hono.js";
import { type LambdaConfig, withTrace as withLambdaTrace } from "../../src/lambda.js";
import { lambdaContext, loadEvent } from "../lambda/support.js";
import { type Collector, startCollector, traceparent } from "../workers/harness.js";
import {
  answer,
  CALLBACK_CASES,
  CONTROL,
  callbackConfig,
  type Seen,
  seen,
  summary,
} from "./fixtures/callbacks.js";

let echo: Collector;
beforeAll(async () => {
  echo = await startCollector();
});
afterAll(() => echo?.close());

const TRACEPARENT = traceparent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
const echoUrl = () => `${echo.url}/echo`;

/** One request through an adapter built with a case's options; then its flush, if any. */
type Run = (name: string, onError: (event: DiagnosticEvent) => void) => Promise<Seen>;

const ADAPTERS: Record<string, Run> = {
  async "fetch handler (Node)"(name, onError) {
    const config = callbackConfig(name, onError) as Parameters<typeof withFetchTrace>[1];
    const handler = withFetchTrace((_request, _info, trace) => answer(trace, echoUrl()), config);
    const request = new Request("http://127.0.0.1/orders", {
      headers: { traceparent: TRACEPARENT, baggage: "tenant=acme" },
    });
    const response = await seen(await handler(request, {}));
    await handler.flush();
    return response;
  },
  async "Hono tracing() (Node)"(name, onError) {
    const middleware = tracing(callbackConfig(name, onError) as Parameters<typeof tracing>[0]);
    const app = new Hono();
    app.use(middleware);
    app.get("/orders", (c) => answer(c.var.trace, echoUrl()));
    const response = await app.request("/orders", {
      headers: { traceparent: TRACEPARENT, baggage: "tenant=acme" },
    });
    const result = await seen(response);
    await middleware.flush();
    return result;
  },
  async "Lambda (API Gateway v2 event)"(name, onError) {
    const config = callbackConfig(name, onError) as LambdaConfig;
    const handler = withLambdaTrace(async (_event: unknown, _context, trace) => {
      const response = await answer(trace, echoUrl());
      return {
        statusCode: response.status,
        headers: { "x-answer": response.headers.get("x-answer") ?? "" },
        body: await response.text(),
      };
    }, config);
    const event = loadEvent("apigw-v2");
    event.headers.traceparent = TRACEPARENT;
    const result = await handler(event, lambdaContext());
    return { status: result.statusCode, body: result.body, header: result.headers["x-answer"] };
  },
};

describe.each(Object.entries(ADAPTERS))("%s", (_adapter, run) => {
  let control: Seen;
  beforeAll(async () => {
    control = await run(CONTROL, () => {});
  });

  it.each(CALLBACK_CASES)(
    "DESIGN principle 4 (tracing never breaks the request): $title leaves the response unchanged and onError told",
    async ({ name, expected }) => {
      const events: DiagnosticEvent[] = [];
      const response = await run(name, (event) => events.push(event));
      expect(response).toEqual(control);
      if (expected) expect(summary(events)).toContainEqual(expected);
      else expect(events).toEqual([]);
    },
  );
});

describe("Lambda's sampler", () => {
  it("DESIGN principle 4: a sampler that throws is called once per invocation, not again by a fallback", async () => {
    let calls = 0;
    const events: DiagnosticEvent[] = [];
    const handler = withLambdaTrace(async (_event: unknown, _context, trace) => trace.traceId, {
      onError: (event) => events.push(event),
      sampler: () => {
        calls++;
        throw new Error("boom: sampler");
      },
    });
    expect(await handler(loadEvent("apigw-v2"), lambdaContext())).toMatch(/^[0-9a-f]{32}$/);
    expect(calls).toBe(1);
    expect(summary(events)).toEqual([{ type: "callback-failed", callback: "sampler" }]);
  });
});
