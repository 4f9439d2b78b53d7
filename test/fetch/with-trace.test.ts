/**
 * withTrace's contract, checked in Node with real Request/Response objects:
 * `this` and arguments, the outcome recorded on the span, traceresponse,
 * and flush().
 */
import { describe, expect, it } from "vitest";
import { withTrace } from "../../src/fetch.js";
import type { SpanSink } from "../../src/trace/span-data.js";
import type { Trace } from "../../src/trace/trace.js";
import { traceOf } from "../../src/trace/trace-of.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";
const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;

function request(path = "/", init?: RequestInit): Request {
  return new Request(`http://127.0.0.1:8000${path}`, init);
}

/**
 * What a server does with the response: sends its body. The server span
 * of a streamed body ends only then (a copy is read, so tests can still
 * read the response).
 */
async function served<R extends Response | undefined>(response: R | Promise<R>): Promise<R> {
  const settled = await response;
  await settled?.clone().arrayBuffer();
  return settled;
}

describe("withTrace (edge-trace/fetch)", () => {
  it("passes `this`, the runtime's argument, the trace third and further arguments after it", async () => {
    const self = { name: "server" };
    const info = { remoteAddr: { hostname: "127.0.0.1" } };
    let seen: unknown[] = [];
    const handler = withTrace(
      function (this: typeof self, req: Request, i: typeof info, trace: Trace, ...rest: number[]) {
        seen = [this, req, i, trace, rest];
        return new Response("ok");
      },
      { flushOnExit: false },
    );
    const req = request();
    await handler.call(self, req, info, 1, 2);
    expect(seen[0]).toBe(self);
    expect(seen[1]).toBe(req);
    expect(seen[2]).toBe(info);
    expect((seen[3] as Trace).traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(seen[4]).toEqual([1, 2]);
  });

  it("continues the inbound trace and binds it for traceOf while the handler runs", async () => {
    const sink = collectingSink();
    const req = request("/users/1?x=1", { headers: { traceparent } });
    const handler = withTrace(
      (r: Request, _info: unknown, trace) => {
        expect(traceOf(r)).toBe(trace);
        return new Response("ok", { status: 201 });
      },
      { exporter: sinkExporter(sink), flushOnExit: false },
    );
    await served(handler(req, undefined));
    const [span] = sink.spans;
    expect(span).toMatchObject({ traceId: TRACE_ID, parentSpanId: PARENT_ID, kind: "server" });
    expect(span?.name).toBe("GET");
    expect(span?.attributes).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/users/1",
      "url.query": "x=1",
      "http.response.status_code": 201,
    });
  });

  it("ignores the inbound trace when the policy says so, keeping it as a link", async () => {
    const sink = collectingSink();
    const handler = withTrace(() => new Response("ok"), {
      exporter: sinkExporter(sink),
      inbound: "ignore",
      flushOnExit: false,
    });
    await served(handler(request("/", { headers: { traceparent } }), undefined));
    const [span] = sink.spans;
    expect(span?.traceId).not.toBe(TRACE_ID);
    expect(span?.parentSpanId).toBeUndefined();
    expect(span?.links[0]?.context).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_ID });
  });

  it("returns the handler's own response object, unread", async () => {
    const response = new Response("body");
    const handler = withTrace(() => response, { flushOnExit: false });
    const returned = await handler(request(), undefined);
    expect(returned).toBe(response);
    expect(returned.bodyUsed).toBe(false);
  });

  it("records a 5xx response as an error, a 4xx as not", async () => {
    const sink = collectingSink();
    let status = 503;
    const handler = withTrace(() => new Response(null, { status }), {
      exporter: sinkExporter(sink),
      flushOnExit: false,
    });
    await handler(request(), undefined);
    status = 404;
    await handler(request(), undefined);
    expect(sink.spans.map((s) => s.status.code)).toEqual(["error", "unset"]);
  });

  it("re-throws the handler's error unchanged after recording it", async () => {
    const sink = collectingSink();
    const error = new RangeError("nope");
    const handler = withTrace(
      async () => {
        throw error;
      },
      { exporter: sinkExporter(sink), flushOnExit: false },
    );
    await expect(handler(request(), undefined)).rejects.toBe(error);
    expect(sink.spans[0]?.status).toEqual({ code: "error", message: "nope" });
    expect(sink.spans[0]?.attributes["error.type"]).toBe("RangeError");
  });

  it("treats an empty return to an Upgrade request (Bun after server.upgrade) as a protocol switch", async () => {
    const sink = collectingSink();
    const handler = withTrace((): Response | undefined => undefined, {
      exporter: sinkExporter(sink),
      flushOnExit: false,
    });
    const upgrade = new Request("https://example.com/ws", { headers: { upgrade: "websocket" } });
    expect(await handler(upgrade, undefined)).toBeUndefined();
    expect(sink.spans[0]?.status.code).toBe("unset");
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBe(101);
  });

  it("records an empty return to a plain request as an error, returning it unchanged", async () => {
    const sink = collectingSink();
    const handler = withTrace((): Response | undefined => undefined, {
      exporter: sinkExporter(sink),
      flushOnExit: false,
    });
    expect(await handler(request(), undefined)).toBeUndefined();
    expect(sink.spans[0]?.status.code).toBe("error");
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBeUndefined();
  });

  describe("traceResponse", () => {
    it("adds traceresponse on a copy, leaving the handler's response and its stream alone", async () => {
      const original = new Response("streamed", { status: 202, headers: { "x-own": "1" } });
      let seen: Trace | undefined;
      const handler = withTrace(
        (_r, _i, trace) => {
          seen = trace;
          return original;
        },
        { traceResponse: true, flushOnExit: false },
      );
      const returned = await handler(request("/", { headers: { traceparent } }), undefined);
      expect(returned).not.toBe(original);
      expect(original.headers.has("traceresponse")).toBe(false);
      expect(returned.status).toBe(202);
      expect(returned.headers.get("x-own")).toBe("1");
      expect(returned.headers.get("traceresponse")).toBe(`00-${TRACE_ID}-${seen?.spanId}-01`);
      expect(await returned.text()).toBe("streamed");
    });

    it("works on responses with immutable headers, such as fetch()'s", async () => {
      const redirect = Response.redirect("http://127.0.0.1/next", 302);
      expect(() => redirect.headers.set("x", "1")).toThrow();
      const handler = withTrace(() => redirect, { traceResponse: true, flushOnExit: false });
      const returned = await handler(request(), undefined);
      expect(returned.headers.get("traceresponse")).toMatch(
        /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/,
      );
      expect(returned.headers.get("location")).toBe("http://127.0.0.1/next");
    });

    it("is off by default", async () => {
      const handler = withTrace(() => new Response("x"), { flushOnExit: false });
      expect((await handler(request(), undefined)).headers.has("traceresponse")).toBe(false);
    });
  });

  describe("flush()", () => {
    it("flushes the sink with the deadline given", async () => {
      const deadlines: (number | undefined)[] = [];
      const sink: SpanSink = {
        onEnd() {},
        flush: async (deadline) => {
          deadlines.push(deadline);
        },
      };
      const handler = withTrace(() => new Response("x"), {
        exporter: sinkExporter(sink),
        flushOnExit: false,
      });
      await handler.flush();
      await handler.flush(1234);
      expect(deadlines).toEqual([undefined, 1234]);
    });

    it("never rejects, whatever the sink does", async () => {
      const rejecting: SpanSink = { onEnd() {}, flush: () => Promise.reject(new Error("down")) };
      const throwing: SpanSink = {
        onEnd() {},
        flush: () => {
          throw new Error("broken");
        },
      };
      for (const sink of [rejecting, throwing]) {
        const handler = withTrace(() => new Response("x"), {
          exporter: sinkExporter(sink),
          flushOnExit: false,
        });
        await expect(handler.flush()).resolves.toBeUndefined();
      }
    });
  });
});

describe("streamed bodies (edge-trace/fetch)", () => {
  const stream = (chunks: string[], failAt = -1) => {
    let i = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === failAt) return controller.error(new Error("broke mid-stream"));
        if (i === chunks.length) return controller.close();
        controller.enqueue(new TextEncoder().encode(chunks[i++]));
      },
    });
  };

  it("ends the server span when the body has been read, not when the handler returns", async () => {
    const sink = collectingSink();
    const handler = withTrace(() => new Response(stream(["a", "b", "c"]), { status: 206 }), {
      exporter: sinkExporter(sink),
      flushOnExit: false,
      spanEndsWithBody: true,
    });
    const response = await handler(request(), undefined);
    expect(sink.spans).toHaveLength(0);
    expect(response.status).toBe(206);
    expect(await response.text()).toBe("abc");
    expect(sink.spans).toHaveLength(1);
    expect(sink.spans[0]?.attributes["http.response.status_code"]).toBe(206);
  });

  it("records an error thrown mid-stream and passes it on to the reader", async () => {
    const sink = collectingSink();
    const handler = withTrace(() => new Response(stream(["a", "b"], 1)), {
      exporter: sinkExporter(sink),
      flushOnExit: false,
      spanEndsWithBody: true,
    });
    const response = await handler(request(), undefined);
    await expect(response.text()).rejects.toThrow("broke mid-stream");
    expect(sink.spans[0]?.status).toMatchObject({ code: "error", message: "broke mid-stream" });
  });

  it("ends at once, with a cancelled event, when the reader cancels", async () => {
    const sink = collectingSink();
    const handler = withTrace(() => new Response(stream(["a", "b"])), {
      exporter: sinkExporter(sink),
      flushOnExit: false,
      spanEndsWithBody: true,
    });
    const response = await handler(request(), undefined);
    await response.body?.cancel("client left");
    expect(sink.spans[0]?.events.map((event) => event.name)).toEqual(["cancelled"]);
    expect(sink.spans[0]?.status.code).not.toBe("error");
  });

  it("returns a response with a Content-Length unchanged and ends its span at once", async () => {
    const sink = collectingSink();
    const own = new Response(stream(["abc"]), { headers: { "content-length": "3" } });
    const handler = withTrace(() => own, {
      exporter: sinkExporter(sink),
      flushOnExit: false,
      spanEndsWithBody: true,
    });
    expect(await handler(request(), undefined)).toBe(own);
    expect(sink.spans).toHaveLength(1);
  });

  it("by default watches only event streams: other bodies go out as the handler made them", async () => {
    const sink = collectingSink();
    let contentType = "application/octet-stream";
    const made: Response[] = [];
    const handler = withTrace(
      () => {
        made.push(new Response(stream(["a"]), { headers: { "content-type": contentType } }));
        return made.at(-1)!;
      },
      { exporter: sinkExporter(sink), flushOnExit: false },
    );
    expect(await handler(request(), undefined)).toBe(made[0]);
    expect(sink.spans).toHaveLength(1);
    contentType = "text/event-stream";
    const events = await handler(request(), undefined);
    expect(events).not.toBe(made[1]);
    expect(sink.spans).toHaveLength(1);
    await events.text();
    expect(sink.spans).toHaveLength(2);
  });

  it("returns the handler's response unchanged when no span records", async () => {
    const own = new Response(stream(["abc"]));
    const handler = withTrace(() => own, { flushOnExit: false });
    expect(await handler(request(), undefined)).toBe(own);
  });
});

describe("options as a function of the environment (as every adapter takes them)", () => {
  it("calls it once with the runtime's environment and uses what it returns", async () => {
    process.env.EDGE_TRACE_FETCH_PROBE = "from-env";
    const seen: unknown[] = [];
    const sink = collectingSink();
    const handler = withTrace(
      () => new Response("ok"),
      (env) => {
        seen.push(env.EDGE_TRACE_FETCH_PROBE);
        return { exporter: sinkExporter(sink), flushOnExit: false, traceResponse: true };
      },
    );
    const first = await handler(request(), undefined);
    await handler(request(), undefined);
    expect(seen).toEqual(["from-env"]);
    expect(first.headers.get("traceresponse")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sink.spans).toHaveLength(2);
    delete process.env.EDGE_TRACE_FETCH_PROBE;
  });
});
