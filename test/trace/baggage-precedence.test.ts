/**
 * Issue 20, item 6: when the caller's baggage fills the W3C limits, the
 * members this service sets (`trace.setBaggage`, metrics' caller-route
 * member) are sent before received ones, and what the limits drop is
 * recorded on the span that sent the call.
 */
import { describe, expect, it } from "vitest";
import { headerAccess } from "../../src/core/carrier.js";
import { formatBaggage, readBaggage } from "../../src/core/w3c/baggage.js";
import { w3cBaggage } from "../../src/core/w3c/baggage-propagator.js";
import { CALLER_ROUTE_KEY, sendCallerRoute } from "../../src/metrics/caller-route.js";
import { Tracer } from "../../src/trace/tracer.js";
import { collectingSink, recordingFetch } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

const PARENT = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
  sampled: true,
  format: "w3c",
};

/** 64 received members: the member limit is full. */
const FULL_COUNT = Array.from({ length: 64 }, (_, i) => `r${i}=${i}`).join(",");
/** Two received members taking 8,190 of the 8,192 bytes. */
const FULL_BYTES = `r0=${"x".repeat(4090)},r1=${"y".repeat(4093)}`;

function serverTrace(received: string) {
  const sink = collectingSink();
  const net = recordingFetch();
  const tracer = new Tracer({ fetch: net.fetch }, sinkExporter(sink).setup({}, {}));
  const baggage = readBaggage(received) ?? new Map();
  const trace = tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { parent: PARENT, links: [], baggage },
  });
  return { sink, net, trace };
}

describe("baggage §3.3.2 limits: members set here win over received ones (issue 20 item 6)", () => {
  it.each([
    ["64 members", FULL_COUNT, "r63"],
    ["8192 bytes", FULL_BYTES, "r1"],
  ])(
    "baggage §3.3.2 with %s received: trace.setBaggage's member is sent, the last received one dropped and recorded",
    async (_name, received, lost) => {
      const { sink, net, trace } = serverTrace(received);
      expect(formatBaggage(trace.baggage)).toBe(received);
      trace.setBaggage("tenant", "acme");
      await trace.fetch("http://127.0.0.1/api");
      const sent = net.calls[0]!.headers.get("baggage")!;
      expect(sent.length).toBeLessThanOrEqual(8192);
      expect(sent.split(",").length).toBeLessThanOrEqual(64);
      expect(sent.endsWith(",tenant=acme")).toBe(true);
      expect(sent.split(",").map((m) => m.split("=")[0])).not.toContain(lost);
      // Received members that stay go out byte for byte, in their order.
      expect(received.startsWith(sent.slice(0, -",tenant=acme".length))).toBe(true);
      const client = sink.spans.find((s) => s.kind === "client")!;
      expect(client.events).toMatchObject([
        {
          name: "edge_trace.baggage.dropped",
          attributes: { "edge_trace.baggage.dropped_count": 1 },
        },
      ]);
    },
  );

  it("baggage §3.3.2: metrics' caller-route member is sent although the caller's baggage is full", async () => {
    const { net, trace } = serverTrace(FULL_COUNT);
    const client = trace.startSpan("call", { kind: "client" });
    sendCallerRoute(client, "GET /checkout");
    const headers = client.headers();
    expect(headers.baggage).toContain(`${CALLER_ROUTE_KEY}=GET%20/checkout`);
    expect(headers.baggage!.split(",")).toHaveLength(64);
    expect(net.calls).toHaveLength(0);
  });

  it("baggage §3.3.2: members of a caller-set outbound header are ours too, kept before received ones", () => {
    const received = readBaggage(FULL_COUNT)!;
    const headers = new Headers({ baggage: "mine=1" });
    const dropped: number[] = [];
    w3cBaggage.inject(
      { ...PARENT, baggage: received, onBaggageDropped: (count) => dropped.push(count) },
      headerAccess(headers),
    );
    const sent = headers.get("baggage")!.split(",");
    expect(sent[0]).toBe("mine=1");
    expect(sent).toHaveLength(64);
    expect(sent).not.toContain("r63=63");
    expect(dropped).toEqual([1]);
  });

  it("baggage §3.3.2: nothing dropped, nothing told, and the order is kept", () => {
    const { sink, net, trace } = serverTrace("a=1,b=2");
    trace.setBaggage("c", "3");
    return trace.fetch("http://127.0.0.1/").then(() => {
      expect(net.calls[0]!.headers.get("baggage")).toBe("a=1,b=2,c=3");
      expect(sink.spans.flatMap((s) => s.events)).toEqual([]);
    });
  });
});
