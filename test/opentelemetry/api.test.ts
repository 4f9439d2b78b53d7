/**
 * The bridge with @opentelemetry/api 1.9 in Node, through the fetch adapter:
 * the active span is edge-trace's, spans made through the API are edge-trace
 * spans of the same tree, and the span API behaves as the specification says.
 * @see https://opentelemetry.io/docs/specs/otel/trace/api/
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { beforeAll, describe, expect, it } from "vitest";
import { outboundPolicy } from "../../src/core/outbound.js";
import { b3Single } from "../../src/core/vendor/b3.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { w3cTraceContext } from "../../src/core/w3c/w3c.js";
import { withTrace } from "../../src/fetch.js";
import { openTelemetry } from "../../src/opentelemetry.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import type { Trace } from "../../src/trace/trace.js";
import { collectingSink, recordingFetch } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
// Through the provider: `trace.getTracer()` of API 1.9 does not pass `schemaUrl` on.
const tracer = () =>
  trace
    .getTracerProvider()
    .getTracer("my-lib", "1.2.3", { schemaUrl: "https://opentelemetry.io/schemas/1.26.0" });
const sleep = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

let otel: ReturnType<typeof openTelemetry>;
beforeAll(() => {
  otel = openTelemetry({ AsyncLocalStorage });
});

function inbound(flags = "01", headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1:8000/", {
    headers: {
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-${flags}`,
      tracestate: "rojo=1,congo=2",
      ...headers,
    },
  });
}

/** Serves one request through withTrace with the bridge; returns the finished spans. */
async function serve(
  fn: (trace: Trace) => unknown,
  options: {
    exporter?: boolean;
    request?: Request;
    fetch?: typeof fetch;
    propagators?: never[];
  } & Record<string, unknown> = {},
): Promise<FinishedSpan[]> {
  const sink = collectingSink();
  const { exporter = true, request = inbound(), ...rest } = options;
  const handler = withTrace(
    async (_r: Request, _i: unknown, t: Trace) => {
      await fn(t);
      return new Response("ok");
    },
    {
      flushOnExit: false,
      openTelemetry: otel,
      ...(exporter ? { exporter: sinkExporter(sink) } : {}),
      ...rest,
    },
  );
  await handler(request, undefined);
  return sink.spans;
}

const byName = (spans: FinishedSpan[], name: string): FinishedSpan => {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(", ")}`);
  return span;
};

describe("the active span (trace API: context interaction)", () => {
  it("is the server span: trace id, span id, flags and tracestate are edge-trace's", async () => {
    let seen: Trace | undefined;
    let active: ReturnType<Span["spanContext"]> | undefined;
    await serve(async (t) => {
      seen = t;
      await sleep();
      active = trace.getActiveSpan()?.spanContext();
    });
    expect(active).toMatchObject({
      traceId: TRACE_ID,
      spanId: seen!.spanId,
      traceFlags: 1,
      isRemote: false,
    });
    expect(active?.traceState?.serialize()).toBe("rojo=1,congo=2");
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe("spans started through the API are edge-trace spans", () => {
  it("nest across awaits with startActiveSpan, exported with their scope beside the server span", async () => {
    let server: Trace | undefined;
    const spans = await serve(async (t) => {
      server = t;
      await tracer().startActiveSpan("outer", async (outer) => {
        await sleep();
        await tracer().startActiveSpan("inner", async (inner) => {
          await sleep();
          inner.end();
        });
        outer.end();
      });
    });
    const outer = byName(spans, "outer");
    const inner = byName(spans, "inner");
    const root = spans.find((s) => s.kind === "server")!;
    expect(root.spanId).toBe(server!.spanId);
    expect(outer).toMatchObject({ traceId: TRACE_ID, parentSpanId: root.spanId, kind: "internal" });
    expect(inner).toMatchObject({ traceId: TRACE_ID, parentSpanId: outer.spanId });
    expect(outer.scope).toEqual({
      name: "my-lib",
      version: "1.2.3",
      schemaUrl: "https://opentelemetry.io/schemas/1.26.0",
    });
    expect(root.scope).toBeUndefined();
  });

  it("takes all three startActiveSpan overloads and returns what the function returns", async () => {
    const names: string[] = [];
    const spans = await serve(() => {
      const a = tracer().startActiveSpan("one", (span) => {
        span.end();
        return 1;
      });
      const b = tracer().startActiveSpan("two", { kind: SpanKind.CLIENT }, (span) => {
        span.end();
        return 2;
      });
      const parent = trace.setSpan(ROOT_CONTEXT, trace.getActiveSpan()!);
      const c = tracer().startActiveSpan("three", { kind: SpanKind.PRODUCER }, parent, (span) => {
        names.push(trace.getActiveSpan() === span ? "active" : "not active");
        span.end();
        return 3;
      });
      expect([a, b, c]).toEqual([1, 2, 3]);
    });
    expect(names).toEqual(["active"]);
    const root = spans.find((s) => s.kind === "server")!;
    expect(byName(spans, "one").parentSpanId).toBe(root.spanId);
    expect(byName(spans, "two").kind).toBe("client");
    expect(byName(spans, "three")).toMatchObject({ kind: "producer", parentSpanId: root.spanId });
  });

  it("startSpan with an explicit context parents under that context's span, not the active one", async () => {
    const spans = await serve(() => {
      const serverContext = context.active();
      tracer().startActiveSpan("child", (child) => {
        tracer().startSpan("sibling", {}, serverContext).end();
        tracer().startSpan("grandchild").end();
        child.end();
      });
    });
    const root = spans.find((s) => s.kind === "server")!;
    expect(byName(spans, "sibling").parentSpanId).toBe(root.spanId);
    expect(byName(spans, "grandchild").parentSpanId).toBe(byName(spans, "child").spanId);
  });

  it("records attributes, events, links, status, name, exceptions, kind and start and end times", async () => {
    // Epoch milliseconds after performance.timeOrigin (smaller numbers are performance.now() times).
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
    const linked = {
      traceId: "1".repeat(32),
      spanId: "2".repeat(16),
      traceFlags: 1,
      isRemote: true,
    };
    let recordingAfterEnd: boolean | undefined;
    const spans = await serve(() => {
      const span = tracer().startSpan("draft", {
        kind: SpanKind.CONSUMER,
        attributes: { "a.start": "x" },
        links: [{ context: linked, attributes: { "link.n": 1 } }],
        startTime: t0,
      });
      expect(span.isRecording()).toBe(true);
      span.setAttribute("a.one", 1).setAttributes({ "a.two": true, "a.list": ["x", "y"] });
      span.addEvent("plain", { e: 1 });
      span.addEvent("timed", [t0 / 1000, 500_000_000]);
      span.addEvent("timed-with-attributes", { e: 2 }, new Date(t0 + 750));
      span.addLink({ context: { ...linked, spanId: "3".repeat(16) } });
      span.addLinks([{ context: { ...linked, spanId: "4".repeat(16) } }]);
      span.addLink({} as never); // no span context: skipped, never thrown
      span.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
      span.updateName("final");
      span.recordException(new RangeError("out of range"));
      span.recordException({ name: "Custom", message: "plain object", code: 7 });
      span.recordException("a string");
      span.end(t0 + 1000);
      recordingAfterEnd = span.isRecording();
      span.end(t0 + 9000); // idempotent: the first end wins
      span.setAttribute("after.end", 1);
      span.addLink({ context: linked });
    });
    expect(recordingAfterEnd).toBe(false);
    const span = byName(spans, "final");
    expect(spans.filter((s) => s.name === "final")).toHaveLength(1);
    expect(span.kind).toBe("consumer");
    expect(span.startTime).toBe(t0);
    expect(span.endTime).toBe(t0 + 1000);
    expect(span.attributes).toEqual({
      "a.start": "x",
      "a.one": 1,
      "a.two": true,
      "a.list": ["x", "y"],
    });
    expect(span.status).toEqual({ code: "error", message: "boom" });
    expect(span.events.map((e) => e.name)).toEqual([
      "plain",
      "timed",
      "timed-with-attributes",
      "exception",
      "exception",
      "exception",
    ]);
    expect(span.events[1]!.time).toBe(t0 + 500);
    expect(span.events[2]).toMatchObject({ time: t0 + 750, attributes: { e: 2 } });
    expect(span.events[3]!.attributes).toMatchObject({
      "exception.type": "RangeError",
      "exception.message": "out of range",
    });
    expect(span.events[4]!.attributes).toMatchObject({
      "exception.type": "Custom",
      "exception.message": "plain object",
    });
    expect(span.events[5]!.attributes).toMatchObject({ "exception.message": "a string" });
    expect(span.links.map((l) => l.context.spanId)).toEqual([
      "2".repeat(16),
      "3".repeat(16),
      "4".repeat(16),
    ]);
    expect(span.links[0]).toMatchObject({
      attributes: { "link.n": 1 },
      context: { isRemote: true },
    });
  });

  it("an ok status is final; unset never overrides (Set Status)", async () => {
    const spans = await serve(() => {
      const span = tracer().startSpan("s");
      span.setStatus({ code: SpanStatusCode.OK });
      span.setStatus({ code: SpanStatusCode.ERROR, message: "late" });
      span.end();
    });
    expect(byName(spans, "s").status).toEqual({ code: "ok" });
  });
});

describe("sampling and no exporter", () => {
  it("an unsampled request gives non-recording API spans with valid ids that propagate", async () => {
    const headers: Record<string, string> = {};
    let context_: ReturnType<Span["spanContext"]> | undefined;
    let recording: boolean | undefined;
    const spans = await serve(
      () => {
        tracer().startActiveSpan("unsampled", (span) => {
          recording = span.isRecording();
          context_ = span.spanContext();
          propagation.inject(context.active(), headers);
          span.end();
        });
      },
      { request: inbound("00") },
    );
    expect(spans).toEqual([]);
    expect(recording).toBe(false);
    expect(context_?.traceId).toBe(TRACE_ID);
    expect(context_?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context_?.spanId).not.toBe(PARENT_ID);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${context_?.spanId}-00`);
  });

  it("without an exporter the context is valid and nothing is recorded", async () => {
    let ids: ReturnType<Span["spanContext"]> | undefined;
    let recording: boolean | undefined;
    await serve(
      () =>
        tracer().startActiveSpan("x", (span) => {
          ids = span.spanContext();
          recording = span.isRecording();
          span.end();
        }),
      { exporter: false },
    );
    expect(ids?.traceId).toBe(TRACE_ID);
    expect(ids?.traceFlags).toBe(1);
    expect(recording).toBe(false);
  });

  it("a new root (root: true) and a span outside any handler are non-recording with valid ids", async () => {
    let root: ReturnType<Span["spanContext"]> | undefined;
    await serve(() => {
      const span = tracer().startSpan("root", { root: true });
      root = span.spanContext();
      expect(span.isRecording()).toBe(false);
    });
    expect(root?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root?.traceId).not.toBe(TRACE_ID);
    const outside = tracer().startSpan("outside");
    expect(outside.isRecording()).toBe(false);
    expect(outside.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });
});

describe("one tree: edge-trace's spans and the API's", () => {
  it("trace.span() and trace.fetch() inside an API span are its children; API spans inside trace.span() are that span's", async () => {
    const calls = recordingFetch();
    const spans = await serve(
      async (t) => {
        await tracer().startActiveSpan("api", async (api) => {
          await sleep();
          await t.span("edge-in-api", async () => {
            await sleep();
            tracer().startSpan("api-in-edge").end();
          });
          await t.fetch("http://127.0.0.1:9/downstream");
          api.end();
        });
        // Outside the API span again: children of the server span.
        await t.span("after", () => undefined);
      },
      { fetch: calls.fetch },
    );
    const root = spans.find((s) => s.kind === "server")!;
    const api = byName(spans, "api");
    const edgeInApi = byName(spans, "edge-in-api");
    const client = spans.find((s) => s.kind === "client")!;
    expect(edgeInApi.parentSpanId).toBe(api.spanId);
    expect(byName(spans, "api-in-edge").parentSpanId).toBe(edgeInApi.spanId);
    expect(client.parentSpanId).toBe(api.spanId);
    expect(calls.calls[0]!.headers.get("traceparent")).toBe(`00-${TRACE_ID}-${client.spanId}-01`);
    expect(byName(spans, "after").parentSpanId).toBe(root.spanId);
  });

  it("a trace the handler started itself keeps its own children (explicit wins over an ancestor)", async () => {
    const spans = await serve(async (t) => {
      const mine = t.startSpan("mine");
      await mine.span("under-mine", () => undefined);
      mine.end();
    });
    expect(byName(spans, "under-mine").parentSpanId).toBe(byName(spans, "mine").spanId);
  });
});

describe("propagation through the API", () => {
  it("inject uses the adapter's propagators and outbound policy; extract reads them", async () => {
    const written: Record<string, string>[] = [];
    let extracted: ReturnType<Span["spanContext"]> | undefined;
    await serve(
      () => {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        written.push(carrier);
        const remote = propagation.extract(ROOT_CONTEXT, {
          b3: `${"a".repeat(32)}-${"b".repeat(16)}-1`,
        });
        extracted = trace.getSpanContext(remote);
      },
      {
        propagators: [b3Single, w3cBaggage] as never[],
        outbound: outboundPolicy({ baggage: ["internal.example"] }),
        request: new Request("http://127.0.0.1/", {
          headers: { b3: `${TRACE_ID}-${PARENT_ID}-1`, baggage: "user=alice" },
        }),
      },
    );
    expect(Object.keys(written[0]!)).toEqual(["b3"]);
    expect(written[0]!.b3).toMatch(new RegExp(`^${TRACE_ID}-[0-9a-f]{16}-1$`));
    expect(extracted).toMatchObject({
      traceId: "a".repeat(32),
      spanId: "b".repeat(16),
      isRemote: true,
    });
  });

  it("getBaggage reads the request's baggage; setBaggage changes what inject writes", async () => {
    const seen: (string | undefined)[] = [];
    const carrier: Record<string, string> = {};
    await serve(
      (t) => {
        seen.push(propagation.getBaggage(context.active())?.getEntry("user")?.value);
        t.setBaggage("plan", "pro");
        seen.push(propagation.getBaggage(context.active())?.getEntry("plan")?.value);
        const changed = propagation.setBaggage(
          context.active(),
          propagation.getBaggage(context.active())!.setEntry("added", { value: "yes" }),
        );
        context.with(changed, () => propagation.inject(context.active(), carrier));
      },
      {
        request: inbound("01", { baggage: "user=alice;prop=1" }),
        propagators: [w3cTraceContext, w3cBaggage] as never[],
      },
    );
    expect(seen).toEqual(["alice", "pro"]);
    expect(carrier.baggage).toBe("user=alice;prop=1,plan=pro,added=yes");
  });
});
