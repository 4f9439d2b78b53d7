/**
 * Issue 20, item 1: one bad attribute must never lose a batch. Before the
 * fix, a `null` attribute set from plain JavaScript made the OTLP encoder
 * throw at flush, and every span of that batch, from every request in it,
 * was lost without a word. Served by the fetch adapter in Node, exported
 * to a real OTLP receiver that validates each body against the schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import { withTrace } from "../../src/fetch.js";
import { otlp } from "../../src/otlp.js";
import type { AttributeValue } from "../../src/trace/span-data.js";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterAll(() => rx?.close());

describe("issue 20 item 1: a bad attribute is dropped where it is set, the batch goes", () => {
  it("OTel common §Attribute: three good requests and one with null, bigint, object and symbol attributes: all four spans arrive", async () => {
    const told: DiagnosticEvent[] = [];
    const handler = withTrace(
      (request, _info: undefined, trace) => {
        const n = new URL(request.url).pathname.slice(1);
        trace.setAttribute("request.n", Number(n));
        if (n === "4") {
          // What plain JavaScript can pass where TypeScript says AttributeValue.
          trace.setAttribute("user.id", null as unknown as AttributeValue);
          trace.setAttribute("user.big", 10n as unknown as AttributeValue);
          trace.setAttribute("user.profile", { plan: "pro" } as unknown as AttributeValue);
          trace.setAttribute("user.symbol", Symbol("s") as unknown as AttributeValue);
          trace.addEvent("checkout", { cart: null as unknown as AttributeValue });
        }
        return new Response(`ok ${n}`);
      },
      {
        exporter: otlp({ endpoint: rx.url, scheduledDelayMs: 0, onError: (e) => told.push(e) }),
        flushOnExit: false,
      },
    );
    for (const n of [1, 2, 3, 4]) {
      const response = await handler(new Request(`http://127.0.0.1/${n}`), undefined);
      await response?.text();
    }
    await handler.flush(Date.now() + 5_000);

    expect(rx.problems()).toEqual([]);
    const spans = rx.spans();
    expect(spans.map((s) => s.attributes["request.n"]).sort()).toEqual([1, 2, 3, 4]);
    const bad = spans.find((s) => s.attributes["request.n"] === 4)!;
    expect(Object.keys(bad.attributes).filter((k) => k.startsWith("user."))).toEqual([]);
    // The four set on the span and the one on its event.
    expect(bad.droppedAttributesCount).toBe(5);
    expect(bad.events[0]?.attributes).toEqual({});
    expect(spans.filter((s) => s !== bad).every((s) => s.droppedAttributesCount === 0)).toBe(true);
    // Told once, for the span, with every value it dropped.
    expect(told).toEqual([
      { type: "attributes-dropped", count: 5, reason: "invalid-value", spanName: "GET" },
    ]);
  });
});
