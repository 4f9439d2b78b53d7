import { describe, expect, it } from "vitest";
import { freshHeadersAccess } from "../../src/core/carrier.js";
import { injectWith } from "../../src/core/composite-propagator.js";
import { DEFAULT_PROPAGATORS } from "../../src/core/defaults.js";
import { inject } from "../../src/core/inject.js";
import { parseBaggage } from "../../src/core/w3c/baggage.js";
import { parseTracestate } from "../../src/core/w3c/tracestate.js";

const ctx = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
  traceState: parseTracestate("a=1"),
  baggage: parseBaggage("k=v"),
};

describe("freshHeadersAccess: Headers created empty", () => {
  it("answers reads from its own writes, any name case, never asking the Headers", () => {
    const headers = new Headers();
    const access = freshHeadersAccess(headers);
    expect(access.get("traceparent")).toBeUndefined();
    access.set("TraceParent", "x");
    expect(access.get("traceparent")).toBe("x");
    expect(headers.get("traceparent")).toBe("x");
    expect([...(access.keys?.() ?? [])]).toEqual(["traceparent"]);
  });

  it("a value the Headers refuse is not remembered", () => {
    const access = freshHeadersAccess(new Headers());
    access.set("x-bad", "a\nb");
    expect(access.get("x-bad")).toBeUndefined();
  });

  it("injects exactly what the ordinary access does", () => {
    const fresh = new Headers();
    injectWith(DEFAULT_PROPAGATORS, ctx, freshHeadersAccess(fresh));
    const ordinary = new Headers();
    inject(ctx, ordinary);
    expect([...fresh]).toEqual([...ordinary]);
    expect(fresh.get("baggage")).toBe("k=v");
  });
});
