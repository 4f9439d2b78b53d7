/**
 * `withTraceClass` with `bindings: bindingSpans()` in real workerd: every
 * invocation of a traced WorkerEntrypoint or Durable Object (fetch,
 * JS-RPC, alarm) links with Cloudflare's Workers tracing the way
 * `withTrace`'s do, where the class's `ctx` has `tracing.getActiveSpan()`
 * (faked on a newer-runtime shape: Miniflare's workerd has none); without
 * it nothing is linked and nothing throws.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "./harness.js";

const PLATFORM_TRACE_ID = "c0ffee".padEnd(32, "0");

let rx: OtlpReceiver;
let mf: Miniflare;

interface Seen {
  readonly traceId: string;
  readonly spanId: string;
  readonly platform: { readonly spanId: string; readonly attributes: object } | null;
  readonly hasTracing: boolean;
}

async function call(path: string): Promise<{ caller: string; result: Seen }> {
  const response = await mf.dispatchFetch(`http://classes.test${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { caller: string; result: Seen };
}

async function spanWithId(spanId: string): Promise<ReceivedSpan> {
  await rx.waitFor(() => rx.spans().some((s) => s.spanId === spanId), `span ${spanId}`, 10_000);
  return rx.spans().find((s) => s.spanId === spanId) as ReceivedSpan;
}

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const name = "bindings-classes";
  const entrypoint = (entry: string) => ({ name, entrypoint: entry });
  const worker = await fixtureWorker(name, {
    name,
    bindings: { OTLP_URL: rx.url },
    serviceBindings: {
      API: entrypoint("TracedApi"),
      PLATFORM_API: entrypoint("PlatformApi"),
      BROKEN_API: entrypoint("BrokenApi"),
    },
    durableObjects: { STORE: "TracedStore", PLATFORM_STORE: "PlatformStore" },
  });
  mf = await startWorkers([worker], { logRequests: false });
});

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

/** The class's server span carries the platform's ids, the platform's span the W3C ones. */
async function expectLinked(served: { caller: string; result: Seen }): Promise<void> {
  const { result } = served;
  expect(result.traceId).toBe(served.caller);
  expect(result.platform?.attributes).toEqual({
    "w3c.trace_id": served.caller,
    "w3c.span_id": result.spanId,
    "w3c.parent_id": expect.stringMatching(/^[0-9a-f]{16}$/),
  });
  const server = await spanWithId(result.spanId);
  expect(server.kind).toBe(2);
  expect(server.attributes).toMatchObject({
    "cloudflare.trace_id": PLATFORM_TRACE_ID,
    "cloudflare.span_id": result.platform?.spanId,
  });
}

describe("withTraceClass links with Cloudflare's Workers tracing (newer runtimes)", () => {
  it.each([
    ["a WorkerEntrypoint's fetch", "/platform-api/fetch"],
    ["a WorkerEntrypoint's JS-RPC method", "/platform-api/rpc"],
    ["a Durable Object's fetch", "/platform-store/fetch"],
    ["a Durable Object's JS-RPC method", "/platform-store/rpc"],
  ])("%s: both ways, with the caller's span as the W3C parent", async (_name, path) => {
    await expectLinked(await call(path));
  });

  it("links each invocation of one Durable Object with its own platform span", async () => {
    const first = await call("/platform-store/rpc");
    const second = await call("/platform-store/rpc");
    expect(first.result.platform?.spanId).not.toBe(second.result.platform?.spanId);
    await expectLinked(first);
    await expectLinked(second);
  });

  it("links a Durable Object's alarm, a trigger the runtime calls itself", async () => {
    const served = await call("/platform-store/set-alarm");
    await expectLinked(served);
    const alarmOf = () => rx.spans().find((s) => s.name === "alarm" && s.traceId !== served.caller);
    await rx.waitFor(() => alarmOf() !== undefined, "the alarm's span", 10_000);
    const alarm = alarmOf();
    expect(alarm?.attributes["cloudflare.trace_id"]).toBe(PLATFORM_TRACE_ID);
    expect(alarm?.attributes["cloudflare.span_id"]).not.toBe(served.result.platform?.spanId);
  });
});

describe("withTraceClass without the platform's tracing API (this workerd)", () => {
  it.each([
    ["a WorkerEntrypoint", "/api/rpc"],
    ["a Durable Object", "/store/fetch"],
  ])("%s: links nothing and serves the call", async (_name, path) => {
    const served = await call(path);
    expect(served.result).toMatchObject({ platform: null, hasTracing: false });
    const server = await spanWithId(served.result.spanId);
    expect(server.attributes["cloudflare.trace_id"]).toBeUndefined();
    expect(server.attributes["cloudflare.span_id"]).toBeUndefined();
  });

  it("serves the call unchanged when the platform's tracing throws", async () => {
    const served = await call("/broken-api/fetch");
    expect(served.result).toMatchObject({ platform: null, hasTracing: true });
    const server = await spanWithId(served.result.spanId);
    expect(server.attributes["cloudflare.trace_id"]).toBeUndefined();
  });
});
