import { describe, expect, it } from "vitest";
import type { Found } from "../../src/core/composite-propagator.js";
import { applyInbound } from "../../src/core/inbound.js";
import { ALLOW_ALL, outboundPolicy } from "../../src/core/outbound.js";

const found: Found = {
  context: {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    traceFlags: 1,
    sampled: true,
    format: "w3c",
  },
  baggage: new Map([["user", { value: "1" }]]),
};

describe("inbound policy", () => {
  it("trust: continues the caller's trace with its baggage", () => {
    const inbound = applyInbound(found, "trust", undefined);
    expect(inbound.parent?.traceId).toBe(found.context?.traceId);
    expect(inbound.links).toEqual([]);
    expect(inbound.baggage.get("user")?.value).toBe("1");
  });

  it("ignore: no parent, the caller's context only as a link, baggage dropped", () => {
    const inbound = applyInbound(found, "ignore", undefined);
    expect(inbound.parent).toBeUndefined();
    expect(inbound.links.map((l) => l.spanId)).toEqual(["00f067aa0ba902b7"]);
    expect(inbound.baggage.size).toBe(0);
  });

  it("a predicate decides per request; one that throws means untrusted", () => {
    const internal = applyInbound(found, (r: { internal: boolean }) => r.internal, {
      internal: true,
    });
    expect(internal.parent).toBeDefined();
    const external = applyInbound(found, (r: { internal: boolean }) => r.internal, {
      internal: false,
    });
    expect(external.parent).toBeUndefined();
    const broken = applyInbound(
      found,
      () => {
        throw new Error("boom");
      },
      {},
    );
    expect(broken.parent).toBeUndefined();
    expect(broken.baggage.size).toBe(0);
  });
});

describe("outbound policy", () => {
  const url = (s: string) => new URL(s);

  it("allows everything by default", () => {
    const allow = outboundPolicy();
    expect(allow("trace", url("https://x.test/"))).toBe(true);
    expect(allow("baggage", undefined)).toBe(true);
  });

  it("matches exact origins, host wildcards, URL prefixes and regexps", () => {
    const allow = outboundPolicy({
      baggage: [
        "https://api.example.com",
        "*.internal.test",
        "http://svc.test/v1/",
        /^https:\/\/re\./,
      ],
    });
    expect(allow("baggage", url("https://api.example.com/a"))).toBe(true);
    expect(allow("baggage", url("http://api.example.com/a"))).toBe(false);
    expect(allow("baggage", url("https://evil.api.example.com/"))).toBe(false);
    expect(allow("baggage", url("https://a.b.internal.test/"))).toBe(true);
    expect(allow("baggage", url("http://internal.test/"))).toBe(true);
    expect(allow("baggage", url("https://notinternal.test/"))).toBe(false);
    expect(allow("baggage", url("http://svc.test/v1/users"))).toBe(true);
    expect(allow("baggage", url("http://svc.test/v2/users"))).toBe(false);
    expect(allow("baggage", url("https://re.example/"))).toBe(true);
    expect(allow("trace", url("https://anywhere.test/"))).toBe(true);
  });

  it("a list or predicate never matches an unknown destination", () => {
    const allow = outboundPolicy({ traceContext: () => true, baggage: ["*.test"] });
    expect(allow("trace", undefined)).toBe(false);
    expect(allow("baggage", undefined)).toBe(false);
  });

  it("false withholds a kind everywhere; a throwing predicate withholds", () => {
    const allow = outboundPolicy({
      traceContext: false,
      baggage: () => {
        throw new Error("boom");
      },
    });
    expect(allow("trace", url("https://x.test/"))).toBe(false);
    expect(allow("baggage", url("https://x.test/"))).toBe(false);
  });
});

describe("outboundPolicy: the rules compiled once into the function inject takes", () => {
  const url = (s: string) => new URL(s);

  it("compiles rules into (kind, url) => boolean", () => {
    const policy = outboundPolicy({ traceContext: true, baggage: ["*.example.com"] });
    expect(policy("baggage", url("https://api.example.com/x"))).toBe(true);
    expect(policy("baggage", url("https://cdn.other.net/"))).toBe(false);
    expect(policy("trace", url("https://cdn.other.net/"))).toBe(true);
    expect(policy("baggage", undefined)).toBe(false);
  });

  it("no rules, or rules that allow everything, give ALLOW_ALL", () => {
    expect(outboundPolicy()).toBe(ALLOW_ALL);
    expect(outboundPolicy({ traceContext: true, baggage: true })).toBe(ALLOW_ALL);
  });
});
