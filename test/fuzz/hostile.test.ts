/**
 * The hardening issue's named hostile cases, end to end: a carrier as a
 * runtime or a Lambda event delivers it → `extract` with every format →
 * `inject` into fresh `Headers`. Each row names the spec rule it checks.
 * The parser-level vectors live in test/core; these check what crosses
 * the boundary in and out.
 */
import { describe, expect, it } from "vitest";
import type { Carrier } from "../../src/core/carrier.js";
import { extract, type RemoteContext } from "../../src/core/extract.js";
import { inject } from "../../src/core/inject.js";
import type { Propagator } from "../../src/core/propagator.js";
import { B3_DEBUG_CARRIED, b3Multi, b3Single } from "../../src/core/vendor/b3.js";
import { jaeger } from "../../src/core/vendor/jaeger.js";
import { awsXray } from "../../src/core/vendor/xray.js";
import { formatBaggage, parseBaggage } from "../../src/core/w3c/baggage.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { w3cTraceContext } from "../../src/core/w3c/w3c.js";
import { headerError } from "./header-safety.js";
import { baggageOutputError } from "./reference-w3c.js";

const ALL: readonly Propagator[] = [
  w3cTraceContext,
  w3cBaggage,
  b3Single,
  b3Multi,
  awsXray,
  jaeger,
];

const T = "4bf92f3577b34da6a3ce929d0e0e4736";
const S = "00f067aa0ba902b7";
const TP = `00-${T}-${S}-01`;
const TP2 = `00-${"a".repeat(32)}-${S}-01`;
const XRAY = `Root=1-${T.slice(0, 8)}-${T.slice(8)};Parent=${S};Sampled=1`;
const OUR_SPAN = "b7ad6b7169203331";

/** Extracts with every format, then injects as our next span; every written header must be safe. */
function hop(
  carrier: Carrier,
  propagators: readonly Propagator[] = ALL,
): { remote: RemoteContext | undefined; out: Headers } {
  const remote = extract(carrier, { propagators });
  const out = new Headers();
  const ctx = remote ?? { traceId: "1".repeat(32), spanId: S, traceFlags: 1, baggage: new Map() };
  expect(() => inject({ ...ctx, spanId: OUR_SPAN }, out, { propagators })).not.toThrow();
  for (const [name, value] of out) expect(headerError(name, value)).toBeUndefined();
  expect(baggageOutputError(out.get("baggage") ?? "")).toBeUndefined();
  return { remote, out };
}

describe("traceparent: duplicated headers (trace-context-2 §3.2 'MUST ignore' a bad value) → new trace", () => {
  const duplicates: [string, Carrier][] = [
    ["record, string[] (API Gateway multiValueHeaders)", { traceparent: [TP, TP2] }],
    ["record, the same value twice", { traceparent: [TP, TP] }],
    ["record, two name cases", { traceparent: TP, TraceParent: TP2 }],
    [
      "Headers.append twice",
      headersOf([
        ["traceparent", TP],
        ["traceparent", TP2],
      ]),
    ],
    ["comma-joined with a space (`a, a`)", { traceparent: `${TP}, ${TP}` }],
    ["comma-joined without a space (`a,a`)", { traceparent: `${TP},${TP}` }],
  ];
  it.each(duplicates)("%s", (_name, carrier) => {
    const { remote, out } = hop(carrier, [w3cTraceContext]);
    expect(remote).toBeUndefined();
    expect(out.get("traceparent")).not.toContain(S);
  });
});

describe("traceparent: version, case and zero rules (trace-context-2 §3.2.2)", () => {
  const cases: [string, string, string | undefined][] = [
    ["§3.2.2.1 version ff is forbidden", `ff-${T}-${S}-01`, undefined],
    ["§3.2.2.1 version 00 has no extra fields", `${TP}-00`, undefined],
    [
      "§3.2.4 a future version with extra fields continues, re-sent as 00",
      `cc-${T}-${S}-01-future-fields`,
      T,
    ],
    [
      "§3.2.4 a future version's extra field may hold anything; it is not re-sent",
      `cc-${T}-${S}-01-é😀\u0100`,
      T,
    ],
    ["§3.2.4 a future version needs '-' after the flags", `cc-${T}-${S}-01x`, undefined],
    [
      "§3.2.2.3 trace-id is HEXDIGLC: mixed case is rejected",
      `00-${T.slice(0, 31)}E-${S}-01`,
      undefined,
    ],
    [
      "§3.2.2.4 parent-id is HEXDIGLC: mixed case is rejected",
      `00-${T}-00F067aa0ba902b7-01`,
      undefined,
    ],
    ["§3.2.2.5 trace-flags are HEXDIGLC", `00-${T}-${S}-0F`, undefined],
    ["§3.2.2.3 all-zero trace-id", `00-${"0".repeat(32)}-${S}-01`, undefined],
    ["§3.2.2.4 all-zero parent-id", `00-${T}-${"0".repeat(16)}-01`, undefined],
  ];
  it.each(cases)("%s", (_name, traceparent, traceId) => {
    const { remote, out } = hop({ traceparent, tracestate: "congo=t61rcWkgMzE" });
    expect(remote?.traceId).toBe(traceId);
    // A valid parent brings its tracestate; an ignored one brings none (§3.3).
    expect(out.get("tracestate")).toBe(traceId ? "congo=t61rcWkgMzE" : null);
    expect(out.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-b7ad6b7169203331-01$/);
  });
});

describe("tracestate: limits and keys (trace-context-2 §3.3.1) drop the whole header, never the traceparent", () => {
  const members = (n: number, from = 0): string[] =>
    Array.from({ length: n }, (_, i) => `k${i + from}=v${i + from}`);
  const cases: [string, string | string[], string | null][] = [
    ["§3.3.1 33 members", members(33).join(","), null],
    ["§3.3.1 100 members", members(100).join(","), null],
    [
      "§3.3.1 33 members across two headers",
      [members(16).join(","), members(17, 16).join(",")],
      null,
    ],
    ["§3.3.1 32 members are kept", members(32).join(","), members(32).join(",")],
    [
      "§3.3.1.4 duplicate keys: the first (most recent) is kept, written once",
      "a=1,b=2,a=3",
      "a=1,b=2",
    ],
    ["§3.3.1.4 duplicate keys across headers", ["a=1", "a=2"], "a=1"],
    ["§3.3.1.3.1 uppercase key", "Foo=1,a=2", null],
    ["§3.3.1.3.1 key starting with '_'", "_a=1", null],
    ["§3.3.1.3.1 key of 257 chars", `${"a".repeat(257)}=1`, null],
    ["§3.3.1.3.1 non-ASCII key", "é=1", null],
    ["§3.3.1.3.1 empty key", "=1", null],
    ["§3.3.1.3.2 value with '='", "a=b=c", null],
    ["§3.3.1.3.2 value with a control char", "a=b\x01c", null],
    ["§3.3.1.3.2 value of 257 chars", `a=${"v".repeat(257)}`, null],
  ];
  it.each(cases)("%s", (_name, tracestate, written) => {
    const { remote, out } = hop({ traceparent: TP, tracestate });
    expect(remote?.traceId).toBe(T);
    expect(out.get("tracestate")).toBe(written);
  });
});

describe("baggage: size and count limits (baggage §3.3.2) cut whole members, never the request", () => {
  it("§3.3.2 10,000 members: 64 propagated, the header within 8192 bytes", () => {
    const baggage = Array.from({ length: 10_000 }, (_, i) => `key${i}=value${i}`).join(",");
    const { remote, out } = hop({ traceparent: TP, baggage });
    expect(remote?.baggage.size).toBe(64);
    expect(out.get("baggage")!.split(",")).toHaveLength(64);
  });

  it("§3.3.2 a 1 MB header: parsed, and what is sent fits 8192 bytes", () => {
    const baggage = `big=${"x".repeat(1024 * 1024)},small=1`;
    const { remote, out } = hop({ traceparent: TP, baggage });
    expect([...remote!.baggage.keys()]).toEqual(["small"]);
    expect(out.get("baggage")).toBe("small=1");
  });

  it("§3.3.2 a 1 MB header of empty members, then a valid header", () => {
    const { remote, out } = hop({ traceparent: TP, baggage: [",".repeat(1024 * 1024), "k=v"] });
    expect(remote?.baggage.get("k")?.value).toBe("v");
    expect(out.get("baggage")).toBe("k=v");
  });
});

describe("baggage: percent sequences (baggage §3.3.1.3) decode safely and are re-encoded", () => {
  const cases: [string, string, string | undefined, string | null][] = [
    ["a bare '%' drops the member", "a=%,b=1", undefined, "b=1"],
    ["'%Z' drops the member", "a=%Z1,b=1", undefined, "b=1"],
    ["truncated UTF-8 '%C3' becomes U+FFFD", "a=%C3", "\ufffd", "a=%EF%BF%BD"],
    [
      "invalid UTF-8 '%FF%FE' becomes U+FFFD twice",
      "a=%FF%FE",
      "\ufffd\ufffd",
      "a=%EF%BF%BD%EF%BF%BD",
    ],
    ["overlong '/' (%C0%AF) is not '/'", "a=%C0%AF", "\ufffd\ufffd", "a=%EF%BF%BD%EF%BF%BD"],
    [
      "an encoded lone surrogate (%ED%A0%80) is not a surrogate",
      "a=%ED%A0%80",
      "\ufffd\ufffd\ufffd",
      "a=%EF%BF%BD%EF%BF%BD%EF%BF%BD",
    ],
    [
      "encoded CR LF stay encoded on the way out",
      "a=x%0D%0AX-Injected:%201",
      "x\r\nX-Injected: 1",
      "a=x%0D%0AX-Injected:%201",
    ],
    ["encoded NUL stays encoded", "a=%00", "\0", "a=%00"],
    ["an encoded comma and semicolon stay encoded", "a=%2C%3B", ",;", "a=%2C%3B"],
  ];
  it.each(cases)("%s", (_name, baggage, value, written) => {
    const { remote, out } = hop({ traceparent: TP, baggage });
    expect(remote?.baggage.get("a")?.value).toBe(value);
    expect(out.get("baggage")).toBe(written);
  });
});

describe("non-ASCII header values, as Lambda events deliver them (Headers.set refuses > U+00FF)", () => {
  const hostile = ["é", "ÿ", "\u0100", "😀", "\ud800", "\u2028", "\ufeff"];
  it.each(hostile)(
    "%j in every header: extract never throws, inject into Headers never throws",
    (c) => {
      const carrier = {
        traceparent: `cc-${T}-${S}-01-${c}`,
        tracestate: `a=${c},b=1`,
        baggage: `raw=${c},ok=1,enc=${encodeURIComponent("é")}`,
        b3: `${T}-${S}-1${c}`,
        "x-b3-traceid": c,
        "x-amzn-trace-id": `${XRAY};Lineage=${c}`,
        "uber-trace-id": `${T}:${S}:0:1${c}`,
        "uberctx-k": c,
        [`uberctx-${c}`]: "v",
      };
      const { remote, out } = hop(carrier);
      expect(remote?.format).toBe("w3c");
      expect(remote?.traceState).toBeUndefined();
      expect(remote?.baggage.has("raw")).toBe(false);
      expect(remote?.baggage.get("enc")?.value).toBe("é");
      expect(out.get("baggage")).toMatch(/^ok=1,enc=%C3%A9(,k=.*)?$/);
    },
  );

  it("X-Ray, B3 and Jaeger alone ignore the non-ASCII part and write only ASCII", () => {
    for (const c of hostile) {
      expect(hop({ b3: `${T}-${S}-${c}` }, [b3Single]).remote).toBeUndefined();
      const xray = hop({ "X-Amzn-Trace-Id": `${XRAY};Lineage=${c}` }, [awsXray]);
      expect(xray.remote?.carried).toBeUndefined();
      expect(xray.out.get("x-amzn-trace-id")).toBe(`${XRAY.replace(S, OUR_SPAN)}`);
      const uber = hop({ "uber-trace-id": `${T}:${S}:0:1`, "uberctx-k": c }, [jaeger]);
      expect(uber.remote?.baggage.get("k")?.value).toBe(c);
    }
  });
});

describe("B3, X-Ray and Jaeger ids: lowercase hex, not all zero", () => {
  const cases: [string, Carrier, Propagator][] = [
    [
      "b3 spec: ids are lower-hex (uppercase rejected)",
      { b3: `${T.toUpperCase()}-${S}-1` },
      b3Single,
    ],
    ["b3 spec: all-zero trace id", { b3: `${"0".repeat(32)}-${S}-1` }, b3Single],
    ["b3 spec: all-zero span id", { "x-b3-traceid": T, "x-b3-spanid": "0".repeat(16) }, b3Multi],
    [
      "b3 multi: mixed-case span id",
      { "x-b3-traceid": T, "x-b3-spanid": "00F067aa0ba902b7" },
      b3Multi,
    ],
    ["x-ray: uppercase Root", { "x-amzn-trace-id": XRAY.toUpperCase() }, awsXray],
    [
      "x-ray: all-zero Root",
      { "x-amzn-trace-id": `Root=1-00000000-${"0".repeat(24)};Parent=${S}` },
      awsXray,
    ],
    ["x-ray: duplicated headers", { "x-amzn-trace-id": [XRAY, XRAY] }, awsXray],
    ["jaeger: uppercase ids", { "uber-trace-id": `${T.toUpperCase()}:${S}:0:1` }, jaeger],
    ["jaeger: all-zero ids", { "uber-trace-id": "0:0:0:1" }, jaeger],
    ["jaeger: duplicated headers", { "uber-trace-id": [`${T}:${S}:0:1`, `${T}:${S}:0:1`] }, jaeger],
  ];
  it.each(cases)("%s", (_name, carrier, propagator) => {
    expect(hop(carrier, [propagator]).remote).toBeUndefined();
  });

  it("b3 debug survives and is written as `d`, never a raw inbound value", () => {
    const { remote, out } = hop({ b3: `${T}-${S}-d` }, [b3Single]);
    expect(remote?.carried?.[B3_DEBUG_CARRIED]).toBe("1");
    expect(out.get("b3")).toBe(`${T}-${OUR_SPAN}-d`);
  });
});

describe("outbound: nothing inbound can add a header line or break the request", () => {
  const injection = "v\r\nX-Injected: 1";
  it("a baggage value with CR LF (decoded from %0D%0A) is sent percent-encoded", async () => {
    const { out } = hop({ traceparent: TP, baggage: `k=${encodeURIComponent(injection)}` });
    expect(out.get("x-injected")).toBeNull();
    // As received (issue #16), so `:` stays `%3A`; CR LF stay encoded either way.
    expect(out.get("baggage")).toBe("k=v%0D%0AX-Injected%3A%201");
    await expect(
      Promise.resolve(new Request("https://api.test/", { headers: out })),
    ).resolves.toBeDefined();
  });

  it("a Jaeger uberctx value with CR LF is sent URL-encoded", () => {
    const { out } = hop(
      { "uber-trace-id": `${T}:${S}:0:1`, "uberctx-k": encodeURIComponent(injection) },
      [jaeger],
    );
    expect(out.get("uberctx-k")).toBe(encodeURIComponent(injection));
    expect([...out.keys()].sort()).toEqual(["uber-trace-id", "uberctx-k"]);
  });

  it("an X-Ray Lineage with CR LF, ';' or ',' is not carried", () => {
    for (const lineage of ["a\r\nX-Injected: 1", "a;Root=x", "a,b"]) {
      const { out } = hop({ "x-amzn-trace-id": `${XRAY};Lineage=${lineage}` }, [awsXray]);
      expect(out.get("x-amzn-trace-id")).not.toContain("Lineage");
    }
  });

  it("baggage set in code with CR LF, NUL and lone surrogates is encoded or dropped, never raw", () => {
    const baggage = new Map([
      ["a", { value: injection }],
      ["b", { value: "\0\ud800" }],
      ["c", { value: "ok", properties: [{ key: "p", value: "\r\n" }] }],
      ["bad key", { value: "x" }],
      ["d", { value: "x", properties: [{ key: "bad\r\nkey" }] }],
    ]);
    const out = new Headers();
    inject({ traceId: T, spanId: S, traceFlags: 1, baggage }, out, { propagators: ALL });
    expect(out.get("baggage")).toBe("a=v%0D%0AX-Injected:%201,b=%00%EF%BF%BD,c=ok;p=%0D%0A");
    expect(out.get("uberctx-a")).toBe(encodeURIComponent(injection));
    expect(out.get("uberctx-b")).toBeNull(); // a lone surrogate cannot be URL-encoded: dropped
    for (const [name, value] of out) expect(headerError(name, value)).toBeUndefined();
    expect(formatBaggage(parseBaggage(out.get("baggage")))).toBe(out.get("baggage"));
  });
});

describe("Jaeger baggage within the W3C baggage limits (regression: uberctx-* was unbounded)", () => {
  const UBER = `${T}:${S}:0:1`;

  it("baggage §3.3.2 limits: 10,000 inbound uberctx-* headers → 64 entries, 64 outbound headers", () => {
    const carrier: Record<string, string> = { "uber-trace-id": UBER };
    for (let i = 0; i < 10_000; i++) carrier[`uberctx-k${i}`] = `v${i}`;
    const { remote, out } = hop(carrier, [jaeger]);
    expect(remote?.baggage.size).toBe(64);
    expect([...out.keys()].filter((k) => k.startsWith("uberctx-"))).toHaveLength(64);
  });

  it("baggage §3.3.2 limits: a 1 MB uberctx value is dropped whole, the others kept", () => {
    const carrier = { "uber-trace-id": UBER, "uberctx-big": "x".repeat(1 << 20), "uberctx-k": "v" };
    const { remote, out } = hop(carrier, [jaeger]);
    expect([...remote!.baggage.keys()]).toEqual(["k"]);
    expect(out.get("uberctx-big")).toBeNull();
  });

  it("baggage §3.3.2 limits: values that grow when re-encoded are capped on the way out too", () => {
    // 2,000 raw "é" (2,000 bytes in) become 12,000 bytes of %C3%A9 out.
    const carrier = { "uber-trace-id": UBER, "uberctx-a": "é".repeat(2000), "uberctx-b": "v" };
    const { remote, out } = hop(carrier, [jaeger]);
    expect(remote?.baggage.get("a")?.value).toHaveLength(2000);
    expect(out.get("uberctx-a")).toBeNull();
    expect(out.get("uberctx-b")).toBe("v");
  });
});

function headersOf(entries: [string, string][]): Headers {
  const headers = new Headers();
  for (const [name, value] of entries) headers.append(name, value);
  return headers;
}
