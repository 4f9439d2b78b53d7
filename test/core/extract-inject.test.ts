import { describe, expect, it } from "vitest";
import { extract } from "../../src/core/extract.js";
import { inject } from "../../src/core/inject.js";
import { outboundPolicy } from "../../src/core/outbound.js";
import type { Propagator } from "../../src/core/propagator.js";
import { b3Single } from "../../src/core/vendor/b3.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { parseTracestate } from "../../src/core/w3c/tracestate.js";
import { w3cTraceContext } from "../../src/core/w3c/w3c.js";

const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const CTX = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
};

describe("extract", () => {
  it("reads W3C trace context and baggage from Headers, Request and records alike", () => {
    const carriers = [
      new Headers({ traceparent: TP, tracestate: "a=1", baggage: "k=v" }),
      new Request("https://x.test/", {
        headers: { TraceParent: TP, TraceState: "a=1", Baggage: "k=v" },
      }),
      { Traceparent: TP, TRACESTATE: "a=1", baggage: ["k=v"] },
    ];
    for (const carrier of carriers) {
      const remote = extract(carrier);
      expect(remote).toMatchObject({ ...CTX, sampled: true, format: "w3c" });
      expect(remote?.traceState?.get("a")).toBe("1");
      expect(remote?.baggage.get("k")?.value).toBe("v");
    }
  });

  it("trace-context-2 §3.3: tracestate is ignored when traceparent is invalid", () => {
    expect(extract({ traceparent: "garbage", tracestate: "a=1" })).toBeUndefined();
  });

  it("trace-context-2 §3.2: duplicated traceparent headers are invalid", () => {
    expect(extract({ traceparent: [TP, TP] })).toBeUndefined();
  });

  it("takes the first valid context in propagator order and merges baggage", () => {
    const b3 = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";
    const both = { traceparent: TP, b3, baggage: "k=v" };
    expect(extract(both, { propagators: [b3Single, w3cTraceContext, w3cBaggage] })?.format).toBe(
      "b3",
    );
    expect(extract(both, { propagators: [w3cTraceContext, b3Single, w3cBaggage] })?.format).toBe(
      "w3c",
    );
    const invalidW3c = { traceparent: "bad", b3 };
    expect(extract(invalidW3c, { propagators: [w3cTraceContext, b3Single] })?.format).toBe("b3");
  });

  it("a propagator that throws never affects the others", () => {
    const broken: Propagator = {
      name: "broken",
      kind: "trace",
      fields: ["broken"],
      extract() {
        throw new Error("boom");
      },
      inject() {
        throw new Error("boom");
      },
    };
    const propagators = [broken, w3cTraceContext];
    expect(extract({ traceparent: TP }, { propagators })?.traceId).toBe(CTX.traceId);
    const headers = new Headers();
    inject(CTX, headers, { propagators });
    expect(headers.get("traceparent")).toBe(TP);
  });
});

describe("inject", () => {
  it("writes traceparent, tracestate and baggage into any carrier", () => {
    const ctx = {
      ...CTX,
      traceState: parseTracestate("a=1"),
      baggage: new Map([["k", { value: "v w" }]]),
    };
    const record: Record<string, string> = {};
    inject(ctx, record);
    expect(record).toEqual({ traceparent: TP, tracestate: "a=1", baggage: "k=v%20w" });
    const headers = new Headers();
    inject(ctx, headers);
    expect(headers.get("traceparent")).toBe(TP);
  });

  it("never duplicates: a traceparent the caller set wins, with its own tracestate", () => {
    const own = "00-11111111111111111111111111111111-2222222222222222-00";
    const headers = new Headers({ TraceParent: own });
    inject({ ...CTX, traceState: parseTracestate("a=1") }, headers);
    expect(headers.get("traceparent")).toBe(own);
    expect(headers.get("tracestate")).toBeNull();
  });

  it("the outbound policy decides per destination", () => {
    const ctx = { ...CTX, baggage: new Map([["k", { value: "v" }]]) };
    const policy = outboundPolicy({ baggage: ["https://ours.test"] });
    const ours: Record<string, string> = {};
    inject(ctx, ours, { url: "https://ours.test/x", policy });
    const theirs: Record<string, string> = {};
    inject(ctx, theirs, { url: "https://theirs.test/x", policy });
    expect(ours.baggage).toBe("k=v");
    expect(theirs.baggage).toBeUndefined();
    expect(theirs.traceparent).toBe(TP);
  });

  it("an immutable carrier is left unchanged, without throwing", () => {
    const response = Response.error();
    expect(() => inject(CTX, response.headers)).not.toThrow();
  });
});
