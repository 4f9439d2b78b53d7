import { describe, expect, it } from "vitest";
import { outboundPolicy } from "../../src/core/outbound.js";
import { parseBaggage } from "../../src/core/w3c/baggage.js";
import { parseTraceparent } from "../../src/core/w3c/traceparent.js";
import { parseTracestate } from "../../src/core/w3c/tracestate.js";
import { exportSpans } from "../../src/export.js";
import { alwaysOff } from "../../src/trace/sampler.js";
import { Tracer, type TracerOptions } from "../../src/trace/tracer.js";
import { collectingSink, recordingFetch } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

const PARENT = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
  sampled: true,
  format: "w3c",
  traceState: parseTracestate("vendor=abc"),
};

function setup(options: TracerOptions = {}) {
  const sink = collectingSink();
  const net = recordingFetch();
  const tracer = new Tracer({ fetch: net.fetch, ...options }, sinkExporter(sink).setup({}, {}));
  const trace = tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { parent: PARENT, links: [], baggage: parseBaggage("user=alice") },
  });
  return { sink, net, trace, tracer };
}

describe("Trace: the explicit context object", () => {
  it("continues the caller's trace: same trace id, caller's span as parent", () => {
    const { trace } = setup();
    expect(trace.traceId).toBe(PARENT.traceId);
    expect(trace.parentSpanId).toBe(PARENT.spanId);
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe(PARENT.spanId);
    expect(trace.sampled).toBe(true);
    expect(trace.traceState?.get("vendor")).toBe("abc");
  });

  const root = (options?: TracerOptions) =>
    new Tracer(options).startTrace({
      name: "x",
      kind: "server",
      inbound: { links: [], baggage: new Map() },
    });

  it("trace-context-2 #random-trace-id-flag: a new root is sampled (01) without the random flag by default, for Level 1 receivers", () => {
    const trace = root();
    expect(trace.parentSpanId).toBeUndefined();
    expect(trace.traceFlags).toBe(0x01);
    expect(trace.headers().traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(root({ sampler: alwaysOff }).headers().traceparent).toMatch(/-00$/);
  });

  it("trace-context-2 #random-trace-id-flag: randomTraceIdFlag sets the random flag (03) on new roots", () => {
    expect(root({ randomTraceIdFlag: true }).traceFlags).toBe(0x03);
    expect(root({ randomTraceIdFlag: true, sampler: alwaysOff }).headers().traceparent).toMatch(
      /-02$/,
    );
  });

  it("trace-context-2 #random-trace-id-flag: a random flag that arrives set is kept on every outbound call of the trace", async () => {
    const net = recordingFetch();
    const trace = new Tracer({ fetch: net.fetch }).startTrace({
      name: "x",
      kind: "server",
      inbound: { parent: { ...PARENT, traceFlags: 0x03 }, links: [], baggage: new Map() },
    });
    await trace.fetch("https://a.test/");
    await trace.span("child", (child) => child.fetch("https://b.test/"));
    const flags = net.calls.map((call) => call.headers.get("traceparent")?.slice(-2));
    expect(flags).toEqual(["03", "03"]);
    expect(trace.headers().traceparent).toMatch(/-03$/);
  });

  it("fetch injects a new client span's id as the parent, one per call", async () => {
    const { trace, net, sink } = setup();
    await trace.fetch("https://api.test/a");
    await trace.fetch(new Request("https://api.test/b", { method: "POST", body: "x" }));
    const [a, b] = net.calls.map((c) => parseTraceparent(c.headers.get("traceparent"))!);
    expect(a!.traceId).toBe(PARENT.traceId);
    expect(a!.spanId).not.toBe(trace.spanId);
    expect(a!.spanId).not.toBe(b!.spanId);
    const clients = sink.spans.filter((s) => s.kind === "client");
    expect(clients.map((s) => s.spanId)).toEqual([a!.spanId, b!.spanId]);
    expect(clients.every((s) => s.parentSpanId === trace.spanId)).toBe(true);
    expect(clients[1]!.attributes["http.request.method"]).toBe("POST");
    expect(clients[0]!.attributes["url.full"]).toBe("https://api.test/a");
    expect(net.calls[0]!.headers.get("tracestate")).toBe("vendor=abc");
    expect(net.calls[0]!.headers.get("baggage")).toBe("user=alice");
  });

  it("fetch keeps a traceparent the caller set, without duplicating it", async () => {
    const { trace, net } = setup();
    const own = "00-11111111111111111111111111111111-2222222222222222-01";
    await trace.fetch("https://api.test/", { headers: { traceparent: own } });
    expect(net.calls[0]!.headers.get("traceparent")).toBe(own);
    expect(net.calls[0]!.headers.get("tracestate")).toBeNull();
  });

  it("fetch merges our baggage with entries the caller set, the caller's winning", async () => {
    const { trace, net } = setup();
    trace.setBaggage("tenant", "t1");
    await trace.fetch("https://api.test/", { headers: { baggage: "user=bob" } });
    const sent = parseBaggage(net.calls[0]!.headers.get("baggage"));
    expect(sent.get("user")?.value).toBe("bob");
    expect(sent.get("tenant")?.value).toBe("t1");
  });

  it("fetch records failures and re-throws the same error", async () => {
    const failure = new TypeError("network down");
    const { trace, sink } = setup({ fetch: () => Promise.reject(failure) });
    await expect(trace.fetch("https://api.test/")).rejects.toBe(failure);
    const client = sink.spans.find((s) => s.kind === "client")!;
    expect(client.status.code).toBe("error");
    expect(client.events[0]?.attributes["exception.type"]).toBe("TypeError");
  });

  it("an HTTP 4xx or 5xx marks the client span as an error", async () => {
    const { trace, sink } = setup({ fetch: recordingFetch(503).fetch });
    const response = await trace.fetch("https://api.test/");
    expect(response.status).toBe(503);
    const client = sink.spans.find((s) => s.kind === "client")!;
    expect(client.status.code).toBe("error");
    expect(client.attributes["http.response.status_code"]).toBe(503);
  });

  it("propagates context but records nothing when unsampled", async () => {
    const { trace, net, sink } = setup({ sampler: alwaysOff });
    expect(trace.sampled).toBe(false);
    await trace.fetch("https://api.test/");
    trace.span("child", () => {});
    trace.end();
    expect(parseTraceparent(net.calls[0]!.headers.get("traceparent"))?.traceFlags).toBe(0);
    expect(sink.spans).toEqual([]);
  });

  it("the outbound policy withholds baggage from other destinations", async () => {
    const { trace, net } = setup({ outbound: outboundPolicy({ baggage: ["*.internal.test"] }) });
    await trace.fetch("https://svc.internal.test/");
    await trace.fetch("https://third-party.test/");
    expect(net.calls[0]!.headers.get("baggage")).toBe("user=alice");
    expect(net.calls[1]!.headers.get("baggage")).toBeNull();
    expect(net.calls[1]!.headers.get("traceparent")).not.toBeNull();
  });

  it("DESIGN principle 4: outbound as a plain object ({ baggage: false }, as JavaScript users write it) is read as its rules, never thrown", async () => {
    const rules = { baggage: false } as unknown as TracerOptions["outbound"];
    const { trace, net } = setup({ outbound: rules });
    await trace.fetch("https://api.test/");
    expect(net.calls[0]!.headers.get("traceparent")).toMatch(/^00-/);
    expect(net.calls[0]!.headers.get("baggage")).toBeNull();
    expect(Object.keys(trace.headers("https://api.test/"))).toEqual(["traceparent", "tracestate"]);
  });

  it("DESIGN principle 6: a destination list in a plain-object outbound withholds that header until outboundPolicy() compiles it", () => {
    const rules = { baggage: ["*.internal.test"] } as unknown as TracerOptions["outbound"];
    const { trace } = setup({ outbound: rules });
    expect(trace.headers("https://api.internal.test/").baggage).toBeUndefined();
    expect(trace.headers("https://api.internal.test/").traceparent).toMatch(/^00-/);
  });

  it("DESIGN principle 4: an outbound policy that throws withholds that header and is reported", async () => {
    const events: unknown[] = [];
    const { trace, net } = setup({
      outbound: (kind) => {
        if (kind === "baggage") throw new Error("boom");
        return true;
      },
      onError: (event) => events.push(event),
    });
    await trace.fetch("https://api.test/");
    expect(net.calls[0]!.headers.get("traceparent")).toMatch(/^00-/);
    expect(net.calls[0]!.headers.get("baggage")).toBeNull();
    expect(events).toEqual([
      { type: "callback-failed", callback: "outbound", error: new Error("boom") },
    ]);
  });

  it("headers() returns this span's propagation headers for other transports", () => {
    const { trace } = setup();
    const headers = trace.headers();
    expect(parseTraceparent(headers.traceparent)?.spanId).toBe(trace.spanId);
    expect(headers.baggage).toBe("user=alice");
  });

  it("baggage can be read, set and deleted for downstream calls", () => {
    const { trace } = setup();
    expect(trace.getBaggage("user")).toBe("alice");
    trace.setBaggage("cart", "3 items").deleteBaggage("user").setBaggage("Bad Key", "x");
    expect([...trace.baggage.keys()]).toEqual(["cart"]);
    expect(trace.headers().baggage).toBe("cart=3%20items");
  });

  it("W3C baggage is per request: a child span sees and changes the same baggage as its parent", async () => {
    const { trace } = setup();
    const child = trace.startSpan("child");
    child.setBaggage("cart", "3");
    trace.span("inner", (inner) => {
      expect(inner.getBaggage("cart")).toBe("3");
      inner.deleteBaggage("user");
    });
    expect([...trace.baggage.keys()]).toEqual(["cart"]);
    expect(child.headers().baggage).toBe("cart=3");
    trace.setBaggage("plan", "pro");
    expect(child.getBaggage("plan")).toBe("pro");
  });

  it("W3C baggage: a child started with baggage of its own (a batch record) does not change the request's", () => {
    const { trace } = setup();
    const record = trace.startSpan("record", { baggage: parseBaggage("tenant=t1") });
    record.setBaggage("step", "2");
    expect(record.headers().baggage).toBe("tenant=t1,step=2");
    expect(trace.headers().baggage).toBe("user=alice");
  });

  it("W3C baggage: a map read from trace.baggage never changes under its reader", () => {
    const { trace } = setup();
    const before = trace.baggage;
    trace.startSpan("child").setBaggage("cart", "3");
    expect([...before.keys()]).toEqual(["user"]);
    expect([...trace.baggage.keys()]).toEqual(["user", "cart"]);
  });

  it("span() ends sync and async children, parented to the current span", async () => {
    const { trace, sink } = setup();
    const value = trace.span("sync", (child) => child.spanId);
    const asyncValue = await trace.span("async", async (child) => {
      await child.span("nested", () => {});
      return 42;
    });
    expect(asyncValue).toBe(42);
    const byName = Object.fromEntries(sink.spans.map((s) => [s.name, s]));
    expect(byName.sync!.spanId).toBe(value);
    expect(byName.sync!.parentSpanId).toBe(trace.spanId);
    expect(byName.nested!.parentSpanId).toBe(byName.async!.spanId);
    expect(byName.async!.kind).toBe("internal");
  });

  it("span() ends the span on throw and rejection, re-throwing the same error", async () => {
    const { trace, sink } = setup();
    const error = new Error("boom");
    expect(() =>
      trace.span("sync", () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(trace.span("async", () => Promise.reject(error))).rejects.toBe(error);
    expect(sink.spans.map((s) => s.status.code)).toEqual(["error", "error"]);
    expect(sink.spans[0]!.events[0]?.attributes["exception.message"]).toBe("boom");
  });

  it("records attributes, events, exceptions and status on its span", () => {
    const { trace, sink } = setup();
    trace
      .setAttribute("app.user", "alice")
      .addEvent("cache.miss", { key: "k" })
      .recordException(new RangeError("x"))
      .setStatus("error", "bad");
    trace.end();
    trace.end();
    expect(sink.spans).toHaveLength(1);
    const [span] = sink.spans;
    expect(span!.attributes["app.user"]).toBe("alice");
    expect(span!.events.map((e) => e.name)).toEqual(["cache.miss", "exception"]);
    expect(span!.status).toEqual({ code: "error", message: "bad" });
  });

  it("logFields() gives OpenTelemetry's log correlation field names", () => {
    const { trace } = setup();
    expect(trace.logFields()).toEqual({
      trace_id: PARENT.traceId,
      span_id: trace.spanId,
      trace_flags: "01",
    });
  });

  it("log writes JSON lines carrying the correlation fields", () => {
    const lines: string[] = [];
    const { trace } = setup({ logWriter: (line) => lines.push(line) });
    trace.log.info("hello", { user: "alice" });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      msg: "hello",
      user: "alice",
      trace_id: PARENT.traceId,
      span_id: trace.spanId,
    });
  });

  it("an exporter that throws never reaches user code", async () => {
    const exporter = exportSpans(() => {
      throw new Error("exporter down");
    });
    const recorder = exporter.setup({}, {});
    const trace = new Tracer({}, recorder).startTrace({
      name: "x",
      kind: "server",
      inbound: { links: [], baggage: new Map() },
    });
    expect(() => trace.end()).not.toThrow();
    await expect(recorder?.sink.flush()).resolves.toBeUndefined();
  });
});

describe("Span status", () => {
  it("a later error status without a message keeps the earlier message", () => {
    const { trace, sink } = setup();
    trace.setStatus("error", "upstream timed out").setStatus("error");
    trace.end();
    expect(sink.spans[0]!.status).toEqual({ code: "error", message: "upstream timed out" });
  });
});
