/**
 * The handler wrapper's contract, checked in Node with small doubles where
 * workerd adds nothing: a new object, the user's object and `this` left
 * alone, configuration errors absorbed, and the flush ordered after the
 * user's waitUntil work. (Everything runtime-specific is in the workerd tests.)
 */
import { describe, expect, it } from "vitest";
import type { ExecutionContextLike, WorkersExecutionContext } from "../../src/workers/platform.js";
import { traceOf, withTrace } from "../../src/workers.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

function fakeContext() {
  const events: string[] = [];
  const promises: Promise<unknown>[] = [];
  const ctx = {
    waitUntil(promise: Promise<unknown>) {
      promises.push(promise);
    },
    passThroughOnException() {
      events.push("passThroughOnException");
    },
    props: {},
  } satisfies WorkersExecutionContext;
  return { ctx, events, settle: () => Promise.all(promises) };
}

describe("withTrace(handler object)", () => {
  it("returns a new object and leaves a frozen handler untouched", async () => {
    const handler = Object.freeze({
      async fetch() {
        return new Response("ok");
      },
      email() {
        return "email";
      },
      label: "kept",
    });
    const traced = withTrace(handler);
    expect(traced).not.toBe(handler);
    expect(traced.label).toBe("kept");
    expect(traced.email()).toBe("email");
    const { ctx, settle } = fakeContext();
    const response = await traced.fetch(new Request("https://example.test/"), {}, ctx);
    expect(await response.text()).toBe("ok");
    await settle();
  });

  it("calls the user's methods with the user's object as this, and the trace last", async () => {
    const handler = {
      greeting: "hi",
      async fetch(request: Request, _env: unknown, _ctx: ExecutionContextLike, trace: unknown) {
        return Response.json({ greeting: this.greeting, same: traceOf(request) === trace });
      },
    };
    const { ctx } = fakeContext();
    const response = await withTrace(handler).fetch(new Request("https://x.test/"), {}, ctx);
    expect(await response.json()).toEqual({ greeting: "hi", same: true });
  });

  it("hands user code a ctx view whose passThroughOnException is the real one", async () => {
    const { ctx, events } = fakeContext();
    const traced = withTrace(
      {
        async fetch(_request: Request, _env: unknown, view: ExecutionContextLike) {
          expect(view).not.toBe(ctx);
          view.passThroughOnException?.();
          return new Response("ok");
        },
      },
      { exporter: sinkExporter(collectingSink()) },
    );
    await traced.fetch(new Request("https://x.test/"), {}, ctx);
    expect(events).toEqual(["passThroughOnException"]);
  });

  it("propagating only, hands user code the runtime's own ctx: there is no flush to order", async () => {
    const { ctx } = fakeContext();
    let seen: unknown;
    const traced = withTrace({
      async fetch(_request: Request, _env: unknown, given: ExecutionContextLike) {
        seen = given;
        return new Response("ok");
      },
    });
    await traced.fetch(new Request("https://x.test/"), {}, ctx);
    expect(seen).toBe(ctx);
  });

  it("flushes after the user's waitUntil promises, including ones they add later", async () => {
    const order: string[] = [];
    const sink = collectingSink();
    const flush = sink.flush;
    sink.flush = () => {
      order.push("flush");
      return flush();
    };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const traced = withTrace(
      {
        async fetch(_request: Request, _env: unknown, view: ExecutionContextLike) {
          view.waitUntil(
            gate.then(() => {
              order.push("user work");
              view.waitUntil(Promise.resolve().then(() => order.push("nested work")));
            }),
          );
          return new Response("ok");
        },
      },
      { exporter: sinkExporter(sink) },
    );
    const { ctx, settle } = fakeContext();
    const response = await traced.fetch(new Request("https://x.test/"), {}, ctx);
    order.push("responded");
    // The runtime sends the body: the span ends, and the flush waits for that too.
    await response.text();
    release();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(["responded", "user work", "nested work", "flush"]);
    expect(sink.spans).toHaveLength(1);
  });

  it("trace-context-2 #traceresponse-header: traceResponse adds the server span's traceresponse to a copy", async () => {
    let served: { traceId: string; spanId: string } | undefined;
    const own = new Response("ok", { headers: { "x-own": "1" } });
    const handler = withTrace(
      {
        async fetch(_request: Request, _env: unknown, _ctx: unknown, trace) {
          served = { traceId: trace.traceId, spanId: trace.spanId };
          return own;
        },
      },
      { traceResponse: true },
    );
    const { ctx } = fakeContext();
    const response = await handler.fetch(new Request("https://example.test/"), {}, ctx);
    expect(response).not.toBe(own);
    expect(own.headers.has("traceresponse")).toBe(false);
    expect(response.headers.get("x-own")).toBe("1");
    expect(response.headers.get("traceresponse")).toBe(
      `00-${served?.traceId}-${served?.spanId}-01`,
    );
    const plain = withTrace({ fetch: async () => new Response("ok") });
    const untouched = await plain.fetch(new Request("https://example.test/"), {}, ctx);
    expect(untouched.headers.has("traceresponse")).toBe(false);
  });

  it("still serves the request when the options function throws", async () => {
    const traced = withTrace(
      {
        async fetch(_request: Request, _env: unknown, _ctx: ExecutionContextLike, trace) {
          return new Response(trace.traceId);
        },
      },
      () => {
        throw new Error("bad config");
      },
    );
    const { ctx } = fakeContext();
    const response = await traced.fetch(new Request("https://x.test/"), {}, ctx);
    expect(await response.text()).toMatch(/^[0-9a-f]{32}$/);
  });

  it("re-throws the user's error as the same object", async () => {
    const error = new Error("mine");
    const traced = withTrace({
      async fetch(): Promise<Response> {
        throw error;
      },
    });
    const { ctx } = fakeContext();
    await expect(traced.fetch(new Request("https://x.test/"), {}, ctx)).rejects.toBe(error);
  });
});
