/**
 * One invocation's open bodies (invocationBodies), on real spans with fake
 * timers: at the flush's idle step a body nothing reads ends its span,
 * marked unread; one being read is waited for until its span ends, but
 * never longer than BODY_HOLD_MS (a reader left half-way must not keep
 * the other spans from going out); a body added after the flush ran is
 * left to end when read. workerd behaviour (the runtime locking a
 * returned body, R2 and Workers AI) is in binding-bodies.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Tracer } from "../../src/trace/tracer.js";
import {
  BODY_HOLD_MS,
  BODY_POLL_MS,
  invocationBodies,
  UNREAD_BODY,
} from "../../src/workers/binding-spans/invocation-bodies.js";
import { collectingSink } from "../support/collect.js";
import { sinkExporter } from "../support/sink-exporter.js";

function recordingSpan() {
  const sink = collectingSink();
  const tracer = new Tracer({ sampler: () => true }, sinkExporter(sink).setup(undefined, {}));
  const trace = tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
  return { sink, span: trace.startSpan("get BUCKET", { kind: "client" }) };
}

/** Closes `bodies`, noting when the returned promise settled. */
function closing(bodies: ReturnType<typeof invocationBodies>) {
  const state = { done: false };
  void bodies.close().then(() => {
    state.done = true;
  });
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("invocationBodies", () => {
  it("ends a body nothing reads, marked unread, and waits for nothing more", async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    bodies.add({ span, reading: () => false });
    const closed = closing(bodies);
    await vi.advanceTimersByTimeAsync(0);
    expect(closed.done).toBe(true);
    expect(sink.spans.map((s) => [s.name, s.attributes[UNREAD_BODY]])).toEqual([
      ["get BUCKET", true],
    ]);
  });

  it("gives the runtime one task to start reading a body first", async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    let locked = false;
    bodies.add({ span, reading: () => locked });
    const closed = closing(bodies);
    // The runtime takes a reader on the returned body once the handler's promise settled.
    locked = true;
    await vi.advanceTimersByTimeAsync(0);
    expect(closed.done).toBe(false);
    span.end();
    await vi.advanceTimersByTimeAsync(BODY_POLL_MS);
    expect(closed.done).toBe(true);
    expect(sink.spans[0]?.attributes[UNREAD_BODY]).toBeUndefined();
  });

  it("waits for a body being read until its span ends", async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    bodies.add({ span, reading: () => true });
    const closed = closing(bodies);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(closed.done).toBe(false);
    span.end();
    await vi.advanceTimersByTimeAsync(BODY_POLL_MS);
    expect(closed.done).toBe(true);
    expect(sink.spans[0]?.attributes[UNREAD_BODY]).toBeUndefined();
  });

  it(`stops waiting for a body read half-way after ${BODY_HOLD_MS} ms, its span left open`, async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    bodies.add({ span, reading: () => true });
    const closed = closing(bodies);
    await vi.advanceTimersByTimeAsync(BODY_HOLD_MS - BODY_POLL_MS);
    expect(closed.done).toBe(false);
    await vi.advanceTimersByTimeAsync(BODY_POLL_MS);
    expect(closed.done).toBe(true);
    expect(span.isRecording).toBe(true);
    expect(sink.spans).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("skips a body whose span already ended (read, cancelled or failed)", async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    bodies.add({ span, reading: () => false });
    span.end();
    const closed = closing(bodies);
    await vi.advanceTimersByTimeAsync(0);
    expect(closed.done).toBe(true);
    expect(sink.spans[0]?.attributes[UNREAD_BODY]).toBeUndefined();
  });

  it("leaves a body added after the flush ran to end when read", async () => {
    const { sink, span } = recordingSpan();
    const bodies = invocationBodies();
    const closed = closing(bodies);
    bodies.add({ span, reading: () => false });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed.done).toBe(true);
    expect(span.isRecording).toBe(true);
    expect(sink.spans).toEqual([]);
  });
});
