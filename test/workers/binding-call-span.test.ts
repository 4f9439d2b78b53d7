/**
 * The one routine every binding call goes through (callSpan), and the
 * views built on it, on plain objects: errors are the caller's own (the
 * same object, thrown or rejected), a promise nobody awaits still ends its
 * span, and a trace that does not record gets the binding's own result.
 */
import { describe, expect, it } from "vitest";
import { Tracer } from "../../src/trace/tracer.js";
import { callSpan } from "../../src/workers/binding-spans/call-span.js";
import { kvView } from "../../src/workers/binding-spans/kv.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

function recordingTrace(sampled = true) {
  const sink = collectingSink();
  const tracer = new Tracer({ sampler: () => sampled }, sinkExporter(sink).setup(undefined, {}));
  const trace = tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
  return { sink, trace };
}

const describeCall = () => ({ name: "get KV", attributes: { "db.operation.name": "get" } });

describe("callSpan", () => {
  it("re-throws the very error a synchronous call threw, recorded on its ended span", () => {
    const { sink, trace } = recordingTrace();
    const error = new RangeError("bad key");
    expect(() =>
      callSpan(
        () => trace,
        describeCall,
        () => {
          throw error;
        },
      ),
    ).toThrow(error);
    expect(sink.spans).toHaveLength(1);
    expect(sink.spans[0]).toMatchObject({
      name: "get KV",
      kind: "client",
      parentSpanId: trace.spanId,
      status: { code: "error", message: "bad key" },
      attributes: { "error.type": "RangeError" },
    });
  });

  it("rejects with the very error the call rejected with", async () => {
    const { sink, trace } = recordingTrace();
    const error = { code: 42 };
    await expect(
      callSpan(
        () => trace,
        describeCall,
        () => Promise.reject(error),
      ),
    ).rejects.toBe(error);
    expect(sink.spans[0]?.status.code).toBe("error");
  });

  it("ends the span of a call whose promise is never awaited, once it settles", async () => {
    const { sink, trace } = recordingTrace();
    let settle!: (value: string) => void;
    void callSpan(
      () => trace,
      describeCall,
      () => new Promise<string>((resolve) => (settle = resolve)),
    );
    expect(sink.spans).toHaveLength(0);
    settle("value");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sink.spans.map((s) => s.name)).toEqual(["get KV"]);
  });

  it("hands back the binding's own result, untouched, when the trace does not record", () => {
    const { sink, trace } = recordingTrace(false);
    const result = Promise.resolve("value");
    expect(
      callSpan(
        () => trace,
        describeCall,
        () => result,
      ),
    ).toBe(result);
    expect(
      callSpan(
        () => undefined,
        describeCall,
        () => result,
      ),
    ).toBe(result);
    expect(sink.spans).toHaveLength(0);
  });

  it("keeps the result when describing it throws, and still ends the span", async () => {
    const { sink, trace } = recordingTrace();
    const value = { weird: true };
    const result = await callSpan(
      () => trace,
      () => ({
        ...describeCall(),
        result: () => {
          throw new Error("unexpected shape");
        },
      }),
      () => Promise.resolve(value),
    );
    expect(result).toBe(value);
    expect(sink.spans[0]?.status.code).toBe("unset");
  });
});

describe("a binding view", () => {
  it("never modifies the binding and leaves methods it does not know to the binding", async () => {
    const { sink, trace } = recordingTrace();
    const kv = {
      get: async (key: string) => `value of ${key}`,
      getWithMetadata: async () => ({ value: null, metadata: null }),
      put: async () => {},
      list: async () => ({ keys: [], list_complete: true }),
      delete: async () => {},
      custom: () => "mine",
    };
    const before = { ...kv };
    const view = kvView(kv, "KV", () => trace);
    expect(await view.get("a")).toBe("value of a");
    expect(view.custom()).toBe("mine");
    expect(kv).toEqual(before);
    expect(sink.spans.map((s) => [s.name, s.attributes["cloudflare.kv.query.keys"]])).toEqual([
      ["get KV", "a"],
    ]);
  });
});
