import { describe, expect, it } from "vitest";
import { headerAccess } from "../../src/core/carrier.js";
import { extractWith } from "../../src/core/composite-propagator.js";
import { extract } from "../../src/core/extract.js";
import type { Propagator } from "../../src/core/propagator.js";
import { jaeger } from "../../src/core/vendor/jaeger.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { w3cTraceContext } from "../../src/core/w3c/w3c.js";

const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A baggage-only format that counts its reads. */
function countingBaggage(): Propagator & { reads: number } {
  const spy = {
    ...w3cBaggage,
    name: "counting",
    reads: 0,
    extract(headers: Parameters<Propagator["extract"]>[0]) {
      spy.reads++;
      return w3cBaggage.extract(headers);
    },
  };
  return spy;
}

describe("extractWith: contextOnly", () => {
  it("reads no baggage-only format when no trace format found a context", () => {
    const counting = countingBaggage();
    const headers = headerAccess({ traceparent: "garbage", baggage: "k=v" });
    expect(extractWith([counting, w3cTraceContext], headers, true).baggage.size).toBe(0);
    expect(counting.reads).toBe(0);
    expect(extract({ traceparent: "bad", baggage: "k=v" }, { propagators: [counting] })).toBe(
      undefined,
    );
    expect(counting.reads).toBe(0);
    // without contextOnly the baggage is read (a server keeps it even without a parent)
    expect(extractWith([counting, w3cTraceContext], headers).baggage.get("k")?.value).toBe("v");
    expect(counting.reads).toBe(1);
  });

  it("merges baggage in propagator order, as without it", () => {
    const record = {
      traceparent: TP,
      "uber-trace-id": "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1",
      "uberctx-shared": "jaeger",
      "uberctx-only-jaeger": "1",
      baggage: "shared=w3c,onlyW3c=1",
    };
    for (const propagators of [
      [w3cBaggage, jaeger, w3cTraceContext],
      [jaeger, w3cBaggage, w3cTraceContext],
      [w3cTraceContext, jaeger, w3cBaggage],
    ]) {
      const all = extractWith(propagators, headerAccess(record));
      const only = extractWith(propagators, headerAccess(record), true);
      expect([...only.baggage]).toEqual([...all.baggage]);
      expect(only.context).toEqual(all.context);
      expect(extract(record, { propagators })?.baggage.get("shared")).toEqual(
        all.baggage.get("shared"),
      );
    }
  });

  it("a trace format that throws is skipped", () => {
    const broken: Propagator = {
      ...w3cTraceContext,
      name: "broken",
      extract() {
        throw new Error("boom");
      },
    };
    const remote = extract(
      { traceparent: TP, baggage: "k=v" },
      { propagators: [broken, w3cTraceContext, w3cBaggage] },
    );
    expect(remote?.format).toBe("w3c");
    expect(remote?.baggage.get("k")?.value).toBe("v");
  });
});
