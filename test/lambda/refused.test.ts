import { describe, expect, it } from "vitest";
import { connectionRefused } from "../../src/lambda/refused.js";
import { closedPortUrl } from "../support/otlp-receiver.js";

describe("connectionRefused", () => {
  it("recognises what Node's fetch rejects with when nothing listens", async () => {
    const error = await fetch(await closedPortUrl()).catch((e: unknown) => e);
    expect(connectionRefused(error)).toBe(true);
  });

  it("recognises the shapes other runtimes give", () => {
    const node = new TypeError("fetch failed", {
      cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]),
    });
    const bun = Object.assign(new Error("Unable to connect"), { code: "ConnectionRefused" });
    const deno = new TypeError("error sending request: Connection refused (os error 111)");
    for (const error of [node, bun, deno]) expect(connectionRefused(error)).toBe(true);
  });

  it("does not take other network failures for it", () => {
    const reset = new TypeError("fetch failed", {
      cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    });
    for (const error of [reset, new Error("Network error"), undefined, "refused?", null]) {
      expect(connectionRefused(error)).toBe(false);
    }
  });
});
