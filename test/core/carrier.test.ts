import { describe, expect, it } from "vitest";
import { headerAccess } from "../../src/core/carrier.js";

describe("carriers: case-insensitive header access", () => {
  it("reads Headers in any case", () => {
    const access = headerAccess(new Headers({ TraceParent: "x" }));
    expect(access.get("traceparent")).toBe("x");
  });

  it("reads a Request's headers", () => {
    const access = headerAccess(new Request("https://a.test/", { headers: { Baggage: "k=v" } }));
    expect(access.get("baggage")).toBe("k=v");
  });

  it("reads records with mixed-case keys, combining duplicates in order", () => {
    const access = headerAccess({ TRACESTATE: "a=1", tracestate: "b=2", Other: undefined });
    expect(access.get("tracestate")).toBe("a=1, b=2");
    expect(access.get("other")).toBeUndefined();
  });

  it("reads API Gateway multiValueHeaders (string[] values)", () => {
    const access = headerAccess({ Baggage: ["a=1", "b=2"], Empty: [] });
    expect(access.get("baggage")).toBe("a=1, b=2");
    expect(access.get("empty")).toBeUndefined();
  });

  it("treats a null header (API Gateway v1) as absent", () => {
    expect(headerAccess({ traceparent: null }).get("traceparent")).toBeUndefined();
  });

  it("writes records replacing any existing case variant", () => {
    const record: Record<string, string> = { TraceParent: "old" };
    headerAccess(record).set("traceparent", "new");
    expect(record).toEqual({ traceparent: "new" });
  });

  it("never throws when the Headers are immutable", async () => {
    const response = Response.error();
    expect(() => headerAccess(response.headers).set("traceparent", "x")).not.toThrow();
    expect(response.headers.get("traceparent")).toBeNull();
  });
});

describe("carriers: writing records by any name case", () => {
  it("set in another case replaces the existing key and lists one name", () => {
    const record: Record<string, string> = { "x-foo": "old" };
    const access = headerAccess(record);
    access.set("X-Foo", "new");
    expect(record).toEqual({ "X-Foo": "new" });
    expect([...(access.keys?.() ?? [])]).toEqual(["x-foo"]);
    expect(access.get("x-foo")).toBe("new");
  });
});
