/**
 * `trace.caches` is the runtime's `caches` itself unless `bindingSpans()`
 * is configured and the trace records: then a view whose caches record
 * spans, while the global stays untouched.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Tracer } from "../../src/trace/tracer.js";
import { bindingSpans } from "../../src/workers/binding-spans/binding-spans.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

function fakeCaches() {
  const store = new Map<string, Response>();
  const cache = {
    match: async (request: string) => store.get(request),
    put: async (request: string, response: Response) => void store.set(request, response),
    delete: async (request: string) => store.delete(request),
  };
  return { default: cache, open: async (_name: string) => cache };
}

function traceWith(options: { bindings?: ReturnType<typeof bindingSpans> }, sampled: boolean) {
  const sink = collectingSink();
  const tracer = new Tracer(
    { ...options, sampler: () => sampled },
    sinkExporter(sink).setup(undefined, {}),
  );
  const trace = tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
  return { sink, trace };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("trace.caches", () => {
  it("is the global caches itself without bindingSpans(), and for unsampled traces", () => {
    const global = fakeCaches();
    vi.stubGlobal("caches", global);
    expect(traceWith({}, true).trace.caches).toBe(global);
    expect(traceWith({ bindings: bindingSpans() }, false).trace.caches).toBe(global);
    expect(traceWith({ bindings: bindingSpans({ caches: false }) }, true).trace.caches).toBe(
      global,
    );
  });

  it("records match with hit or miss through a view, leaving the global as it was", async () => {
    const global = fakeCaches();
    const before = { ...global.default };
    vi.stubGlobal("caches", global);
    const { sink, trace } = traceWith({ bindings: bindingSpans() }, true);
    await trace.caches.default.put("https://a.test/x?key=secret", new Response("v"));
    expect(await trace.caches.default.match("https://a.test/x?key=secret")).toBeInstanceOf(
      Response,
    );
    expect(await (await trace.caches.open("named")).match("https://a.test/none")).toBeUndefined();
    expect(global.default).toEqual(before);
    expect(
      sink.spans.map((s) => [s.name, s.attributes["cache.hit"], s.attributes["url.full"]]),
    ).toEqual([
      ["put default", undefined, "https://a.test/x"],
      ["match default", true, "https://a.test/x"],
      ["match named", false, "https://a.test/none"],
    ]);
  });

  it("is undefined, not a throw, where the runtime has no Cache API", () => {
    vi.stubGlobal("caches", undefined);
    expect(traceWith({ bindings: bindingSpans() }, true).trace.caches).toBeUndefined();
    expect(traceWith({}, true).trace.caches).toBeUndefined();
  });
});
