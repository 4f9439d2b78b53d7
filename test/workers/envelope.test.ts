/**
 * The two markers edge-trace adds to user data, the Queue envelope and the
 * JS-RPC context argument, must be recognised exactly: a user's own value
 * that merely resembles one is never unwrapped or stripped.
 */
import { describe, expect, it } from "vitest";
import { canWrap, isEnvelope, wrapBody } from "../../src/workers/queues/envelope-format.js";
import { isRpcContext } from "../../src/workers/rpc.js";

const headers = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

describe("queue envelope", () => {
  it("round-trips any body", () => {
    for (const body of [null, 0, "", "text", [1, 2], { __edgeTrace: 1 }, new Uint8Array([1])]) {
      const envelope = wrapBody(body, headers);
      expect(isEnvelope(envelope)).toBe(true);
      expect(envelope.body).toBe(body);
    }
  });

  it.each([
    ["a string", "__edgeTrace"],
    ["null", null],
    ["an array", [1, { headers }, "body"]],
    ["another version", { __edgeTrace: 2, headers, body: 1 }],
    ["no body key", { __edgeTrace: 1, headers }],
    ["an extra key", { __edgeTrace: 1, headers, body: 1, more: true }],
    ["non-string headers", { __edgeTrace: 1, headers: { traceparent: 1 }, body: 1 }],
    ["headers as an array", { __edgeTrace: 1, headers: ["traceparent"], body: 1 }],
  ])("is not recognised in %s", (_name, value) => {
    expect(isEnvelope(value)).toBe(false);
  });

  it("wraps only content types that can hold an object", () => {
    expect([undefined, "v8", "json", "text", "bytes"].map(canWrap)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("JS-RPC context argument", () => {
  it("is recognised with string headers only", () => {
    expect(isRpcContext({ __edgeTrace: 1, headers })).toBe(true);
    expect(isRpcContext({ __edgeTrace: 1, headers: {} })).toBe(true);
  });

  it.each([
    ["a user's object", { id: 1 }],
    ["an envelope", { __edgeTrace: 1, headers, body: 1 }],
    ["another version", { __edgeTrace: 2, headers }],
    ["non-string headers", { __edgeTrace: 1, headers: { traceparent: null } }],
    ["undefined", undefined],
  ])("is not recognised in %s", (_name, value) => {
    expect(isRpcContext(value)).toBe(false);
  });
});
