/**
 * bindingSpans() in real workerd (Miniflare runs KV, D1 and R2 locally):
 * each call on a binding arrives at an OTLP receiver on 127.0.0.1 as a
 * client span, a child of the request's server span, with the documented
 * attributes; stored and bound values never reach an exported byte;
 * failures are recorded and re-thrown; unsampled requests record nothing.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { fixtureWorker, hex, startWorkers } from "./harness.js";

const SECRET = "s3cr3t-value";
const CLIENT = 3;

let rx: OtlpReceiver;
let mf: Miniflare;

interface Served {
  readonly traceId: string;
  readonly spanId: string;
  readonly result: Record<string, unknown>;
}

async function serve(path: string, headers: Record<string, string> = {}): Promise<Served> {
  const response = await mf.dispatchFetch(`http://bindings.test${path}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Served;
}

/** Waits until the trace has `count` client spans, and returns them in start order. */
async function clientSpans(traceId: string, count: number): Promise<ReceivedSpan[]> {
  const of = () => rx.spans().filter((s) => s.traceId === traceId && s.kind === CLIENT);
  await rx.waitFor(() => of().length >= count, `${count} client spans of ${traceId}`, 10_000);
  return of().sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
}

function exportedText(): string {
  return rx.requests.map((request) => request.bytes.toString("utf8")).join("\n");
}

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const worker = await fixtureWorker("bindings", {
    name: "bindings",
    bindings: { OTLP_URL: rx.url },
    kvNamespaces: ["KV"],
    d1Databases: ["DB"],
    r2Buckets: ["BUCKET"],
  });
  mf = await startWorkers([worker], { logRequests: false });
});

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

describe("KV", () => {
  it("records get, getWithMetadata, put, delete and list as client spans of the server span", async () => {
    const served = await serve("/kv");
    expect(served.result).toMatchObject({ value: SECRET, keys: 1, missing: null });
    const spans = await clientSpans(served.traceId, 6);
    expect(spans.map((s) => s.name)).toEqual([
      "put KV",
      "get KV",
      "getWithMetadata KV",
      "list KV",
      "get KV",
      "delete KV",
    ]);
    for (const span of spans) {
      expect(span.parentSpanId).toBe(served.spanId);
      expect(span.attributes).toMatchObject({
        "db.system.name": "cloudflare-kv",
        "cloudflare.binding.type": "KV",
        "cloudflare.binding.name": "KV",
      });
    }
    const [put, get, withMetadata, list, missing] = spans;
    expect(put?.attributes).toMatchObject({
      "db.operation.name": "put",
      "cloudflare.kv.query.keys": "user:1",
      "cloudflare.kv.query.keys.count": 1,
      "cloudflare.kv.query.value_type": "text",
      "cloudflare.kv.query.expiration_ttl": 3600,
    });
    expect(get?.attributes).toMatchObject({ "cloudflare.kv.response.hit": true });
    expect(withMetadata?.attributes).toMatchObject({
      "cloudflare.kv.query.type": "text",
      "cloudflare.kv.response.hit": true,
    });
    expect(list?.attributes).toMatchObject({
      "cloudflare.kv.query.prefix": "user:",
      "cloudflare.kv.response.returned_rows": 1,
      "cloudflare.kv.response.list_complete": true,
    });
    expect(missing?.attributes).toMatchObject({ "cloudflare.kv.response.hit": false });
    expect(exportedText()).not.toContain(SECRET);
  });

  it("ends the span of a call whose promise is never awaited", async () => {
    const served = await serve("/kv-unawaited");
    // A later request's flush carries it if it settled after this one's.
    await serve("/kv-id?id=flush");
    const [put] = await clientSpans(served.traceId, 1);
    expect(put?.name).toBe("put KV");
    expect(put?.parentSpanId).toBe(served.spanId);
    expect(exportedText()).not.toContain(SECRET);
  });
});

describe("D1", () => {
  it("records each statement run, batch and exec with its placeholders, never bound values", async () => {
    const served = await serve("/d1");
    expect(served.result).toMatchObject({ all: 1, first: SECRET, raw: 1, batch: 2, session: 1 });
    const spans = await clientSpans(served.traceId, 7);
    expect(spans.map((s) => s.name)).toEqual([
      "exec DB",
      "run DB",
      "all DB",
      "first DB",
      "raw DB",
      "batch DB",
      "first DB",
    ]);
    expect(spans[6]?.attributes["db.query.text"]).toBe(
      "SELECT count(*) AS n FROM users WHERE name = ?1",
    );
    for (const span of spans) {
      expect(span.parentSpanId).toBe(served.spanId);
      expect(span.attributes).toMatchObject({
        "db.system.name": "cloudflare-d1",
        "cloudflare.binding.type": "D1",
        "cloudflare.binding.name": "DB",
      });
    }
    const [, run, all, , , batch] = spans;
    expect(run?.attributes).toMatchObject({
      "db.operation.name": "run",
      "db.query.text": "INSERT INTO users (name) VALUES (?1)",
      "cloudflare.d1.response.rows_written": 1,
    });
    expect(all?.attributes).toMatchObject({
      "db.query.text": "SELECT id, name FROM users WHERE name = ?1",
      "db.response.returned_rows": 1,
    });
    expect(batch?.attributes).toMatchObject({
      "db.operation.name": "batch",
      "db.operation.batch.size": 2,
      "db.query.text": "INSERT INTO users (name) VALUES (?1); SELECT count(*) AS n FROM users",
    });
    expect(exportedText()).not.toContain(SECRET);
  });

  it("records a failed query on its span and re-throws the runtime's error", async () => {
    const served = await serve("/d1-error");
    expect(served.result).toMatchObject({ threw: true, isError: true });
    const message = String(served.result.message);
    expect(message).toMatch(/no such table/);
    const [span] = await clientSpans(served.traceId, 1);
    expect(span?.status.code).toBe(2);
    expect(span?.attributes["error.type"]).toBe("Error");
    expect(span?.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toBe(
      message,
    );
    expect(exportedText()).not.toContain(SECRET);
  });
});

describe("R2", () => {
  it("records object and multipart operations; a streamed body ends its span when read", async () => {
    const served = await serve("/r2");
    expect(served.result).toMatchObject({
      text: SECRET,
      streamed: SECRET,
      objects: 1,
      missing: null,
    });
    const spans = await clientSpans(served.traceId, 10);
    expect(spans.map((s) => s.name)).toEqual([
      "put BUCKET",
      "head BUCKET",
      "get BUCKET",
      "get BUCKET",
      "list BUCKET",
      "get BUCKET",
      "createMultipartUpload BUCKET",
      "uploadPart BUCKET",
      "completeMultipartUpload BUCKET",
      "delete BUCKET",
    ]);
    for (const span of spans) {
      expect(span.parentSpanId).toBe(served.spanId);
      expect(span.attributes).toMatchObject({
        "db.system.name": "cloudflare-r2",
        "cloudflare.binding.type": "R2",
        "cloudflare.binding.name": "BUCKET",
      });
    }
    const [put, head, , streamed, list, missing, create, part, , remove] = spans;
    expect(put?.attributes).toMatchObject({
      "cloudflare.r2.request.key": "docs/a.txt",
      "cloudflare.r2.request.size": SECRET.length,
      "cloudflare.r2.response.size": SECRET.length,
    });
    expect(head?.attributes).toMatchObject({ "cloudflare.r2.response.hit": true });
    expect(list?.attributes).toMatchObject({
      "cloudflare.r2.request.prefix": "docs/",
      "cloudflare.r2.response.returned_objects": 1,
    });
    expect(missing?.attributes).toMatchObject({ "cloudflare.r2.response.hit": false });
    expect(create?.attributes["cloudflare.r2.response.upload_id"]).toEqual(expect.any(String));
    expect(part?.attributes).toMatchObject({
      "cloudflare.r2.request.key": "docs/big.bin",
      "cloudflare.r2.request.part_number": 1,
      "cloudflare.r2.request.upload_id": create?.attributes["cloudflare.r2.response.upload_id"],
    });
    expect(remove?.attributes["cloudflare.r2.request.keys"]).toEqual([
      "docs/a.txt",
      "docs/big.bin",
    ]);
    // The body was read after the list: the get's span outlasts the list's.
    expect(BigInt(streamed?.endTimeUnixNano ?? 0)).toBeGreaterThanOrEqual(
      BigInt(list?.endTimeUnixNano ?? 0),
    );
    expect(streamed?.attributes["cloudflare.r2.response.size"]).toBe(SECRET.length);
    expect(exportedText()).not.toContain(SECRET);
  });

  it("ends a get's span with a cancelled event when its body is cancelled", async () => {
    const served = await serve("/r2-cancel");
    const [, get] = await clientSpans(served.traceId, 2);
    expect(get?.name).toBe("get BUCKET");
    expect(get?.events.map((e) => e.name)).toContain("cancelled");
  });
});

describe("Cache API through trace.caches", () => {
  it("records match, put and delete on the default and opened caches, with hit or miss", async () => {
    const served = await serve("/cache?n=1");
    expect(served.result).toMatchObject({
      hit: SECRET,
      miss: null,
      deleted: true,
      namedMiss: null,
    });
    const spans = await clientSpans(served.traceId, 5);
    expect(spans.map((s) => s.name)).toEqual([
      "put default",
      "match default",
      "match default",
      "delete default",
      "match named-1",
    ]);
    for (const span of spans) expect(span.parentSpanId).toBe(served.spanId);
    const [put, hit, miss, remove, named] = spans;
    // The query (which may carry a token) is left out of the URL.
    expect(put?.attributes).toMatchObject({
      "cache.name": "default",
      "cache.operation": "put",
      "url.full": "https://cache.test/page",
    });
    expect(hit?.attributes["cache.hit"]).toBe(true);
    expect(miss?.attributes["cache.hit"]).toBe(false);
    expect(remove?.attributes["cache.deleted"]).toBe(true);
    expect(named?.attributes).toMatchObject({ "cache.name": "named-1", "cache.hit": false });
    expect(exportedText()).not.toContain(SECRET);
  });
});

describe("one trace with Cloudflare's Workers tracing", () => {
  it("does nothing on this workerd, whose ctx has no tracing API", async () => {
    const served = await serve("/platform");
    expect(served.result).toEqual({ platform: null, hasTracing: false });
    const server = await rx
      .waitFor(() => rx.spans().some((s) => s.spanId === served.spanId), "the server span")
      .then(() => rx.spans().find((s) => s.spanId === served.spanId));
    expect(server?.attributes["cloudflare.trace_id"]).toBeUndefined();
  });

  it("links both ways where ctx.tracing.getActiveSpan() exists (newer runtimes)", async () => {
    const parent = hex(16);
    const traceId = hex(32);
    const served = await serve("/platform", {
      traceparent: `00-${traceId}-${parent}-01`,
      "x-platform-tracing": "active",
    });
    expect(served.result.platform).toEqual({
      "w3c.trace_id": traceId,
      "w3c.span_id": served.spanId,
      "w3c.parent_id": parent,
    });
    await rx.waitFor(() => rx.spans().some((s) => s.spanId === served.spanId), "the server span");
    const server = rx.spans().find((s) => s.spanId === served.spanId);
    expect(server?.attributes).toMatchObject({
      "cloudflare.trace_id": "c0ffee".padEnd(32, "0"),
      "cloudflare.span_id": "f00d".padEnd(16, "0"),
    });
  });

  it("serves the request unchanged when the platform's tracing throws", async () => {
    const served = await serve("/platform", { "x-platform-tracing": "throws" });
    expect(served.result).toEqual({ platform: {}, hasTracing: true });
  });
});

it("records nothing for an unsampled request (W3C trace-flags 00)", async () => {
  const traceId = hex(32);
  await serve("/kv", { traceparent: `00-${traceId}-${hex(16)}-00` });
  await serve("/kv-id?id=after-unsampled");
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(rx.spans().filter((s) => s.traceId === traceId)).toEqual([]);
});

it("keeps the binding spans of 100 overlapping requests apart", async () => {
  const ids = Array.from({ length: 100 }, (_, i) => `r${i}`);
  const served = await Promise.all(ids.map((id) => serve(`/kv-id?id=${id}`)));
  for (const [index, { traceId, spanId }] of served.entries()) {
    const spans = await clientSpans(traceId, 2);
    expect(spans.map((s) => s.name)).toEqual(["get KV", "first DB"]);
    for (const span of spans) expect(span.parentSpanId).toBe(spanId);
    expect(spans[0]?.attributes["cloudflare.kv.query.keys"]).toBe(`key-${ids[index]}`);
  }
  // The requests really overlapped inside the one isolate.
  expect(Math.max(...served.map((s) => Number(s.result.maxInFlight)))).toBeGreaterThan(10);
  expect(rx.problems()).toEqual([]);
});
