/**
 * Binding results with a body in real workerd (Miniflare's R2, and a
 * Workers AI stream): a body nobody reads still ends its span, marked
 * `edge_trace.body.unread`, at the invocation's flush; a body piped into
 * the response ends its span once sent, and the flush waits for it; a
 * body read ends its span when read. Each span arrives with its own
 * invocation's flush: no test sends a second request to carry it.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "./harness.js";

const UNREAD = "edge_trace.body.unread";
const CLIENT = 3;
/** The object piped into the response: many chunks. */
const PIPED_BYTES = 1024 * 1024;

let rx: OtlpReceiver;
let mf: Miniflare;

interface Ids {
  readonly "x-trace-id": string;
  readonly "x-span-id": string;
}

async function serve(path: string): Promise<Ids & { answer: Record<string, unknown> }> {
  const response = await mf.dispatchFetch(`http://bodies.test${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Ids & { answer: Record<string, unknown> };
}

/** The trace's client span named `name`, once it has arrived. */
async function clientSpan(traceId: string, name: string): Promise<ReceivedSpan> {
  const find = () =>
    rx.spans().find((s) => s.traceId === traceId && s.kind === CLIENT && s.name === name);
  await rx.waitFor(() => find() !== undefined, `"${name}" of ${traceId}`, 10_000);
  return find() as ReceivedSpan;
}

const ms = (span: ReceivedSpan, end: "start" | "end"): number =>
  Number(BigInt(end === "end" ? span.endTimeUnixNano : span.startTimeUnixNano) / 1_000_000n);

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const worker = await fixtureWorker("binding-bodies", {
    name: "binding-bodies",
    bindings: { OTLP_URL: rx.url },
    r2Buckets: ["BUCKET"],
    durableObjects: { SHELF: "Shelf" },
  });
  mf = await startWorkers([worker], { logRequests: false });
});

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

describe("an R2 object from get", () => {
  it("whose body is never read: its span arrives, ended and marked unread", async () => {
    const served = await serve("/r2-unread");
    expect(served.answer.size).toBe("never read".length);
    const get = await clientSpan(served["x-trace-id"], "get BUCKET");
    expect(get.parentSpanId).toBe(served["x-span-id"]);
    expect(get.attributes).toMatchObject({ [UNREAD]: true, "cloudflare.r2.response.hit": true });
    expect(get.events.map((e) => e.name)).not.toContain("cancelled");
  });

  it("read with text(): ends when read, not marked unread", async () => {
    const served = await serve("/r2-text");
    expect(served.answer.text).toBe("read as text");
    const get = await clientSpan(served["x-trace-id"], "get BUCKET");
    expect(get.attributes[UNREAD]).toBeUndefined();
  });

  it("read by waitUntil work after the handler returned: ends when read, not marked unread", async () => {
    const served = await serve("/r2-later");
    const get = await clientSpan(served["x-trace-id"], "get BUCKET");
    expect(get.attributes[UNREAD]).toBeUndefined();
    const server = rx.spans().find((s) => s.spanId === served["x-span-id"]) as ReceivedSpan;
    // Read 50 ms after the handler returned (and its server span ended).
    expect(ms(get, "end")).toBeGreaterThanOrEqual(ms(server, "end") + 40);
  });

  it("piped into the response: ends once the body has been sent, not marked unread", async () => {
    const response = await mf.dispatchFetch(`http://bodies.test/r2-piped?bytes=${PIPED_BYTES}`);
    const traceId = response.headers.get("x-trace-id") as string;
    expect((await response.arrayBuffer()).byteLength).toBe(PIPED_BYTES);
    const get = await clientSpan(traceId, "get BUCKET");
    expect(get.parentSpanId).toBe(response.headers.get("x-span-id"));
    // Sent by the runtime after the handler returned: no longer read when the flush ran.
    expect(get.attributes[UNREAD]).toBeUndefined();
    expect(get.attributes["cloudflare.r2.response.size"]).toBe(PIPED_BYTES);
    const server = rx.spans().find((s) => s.spanId === response.headers.get("x-span-id"));
    expect(ms(get, "end")).toBeGreaterThanOrEqual(ms(server as ReceivedSpan, "end"));
  });

  it("piped through a slow stream into the response: the flush waits for its end", async () => {
    const response = await mf.dispatchFetch("http://bodies.test/r2-piped-slow");
    const traceId = response.headers.get("x-trace-id") as string;
    expect(await response.text()).toBe("sent slowly");
    // No later request's flush can carry it: this invocation's flush waited for the body.
    const get = await clientSpan(traceId, "get BUCKET");
    expect(get.attributes[UNREAD]).toBeUndefined();
    const server = rx.spans().find((s) => s.spanId === response.headers.get("x-span-id"));
    expect(ms(get, "end")).toBeGreaterThanOrEqual(ms(server as ReceivedSpan, "end") + 350);
  });
});

describe("a streamed Workers AI result", () => {
  it("never read: its span arrives, ended and marked unread", async () => {
    const served = await serve("/ai-unread");
    const run = await clientSpan(
      served["x-trace-id"],
      "text_completion @cf/meta/llama-3.1-8b-instruct",
    );
    expect(run.attributes[UNREAD]).toBe(true);
  });

  it("returned as the response body: ends once sent, not marked unread, with this invocation's flush", async () => {
    const response = await mf.dispatchFetch("http://bodies.test/ai-piped");
    const traceId = response.headers.get("x-trace-id") as string;
    expect(await response.text()).toBe("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
    const run = await clientSpan(traceId, "run @cf/meta/llama-3.1-8b-instruct");
    expect(run.attributes[UNREAD]).toBeUndefined();
    const server = rx.spans().find((s) => s.spanId === response.headers.get("x-span-id"));
    // Five reads 80 ms apart, after the handler returned.
    expect(ms(run, "end")).toBeGreaterThanOrEqual(ms(server as ReceivedSpan, "end") + 300);
  });
});

it("a withTraceClass Durable Object's unread body ends with its own invocation's flush", async () => {
  const served = await serve("/durable-unread");
  const shelf = served.answer as unknown as Ids;
  const get = await clientSpan(served["x-trace-id"], "get BUCKET");
  expect(get.parentSpanId).toBe(shelf["x-span-id"]);
  expect(get.attributes[UNREAD]).toBe(true);
});
