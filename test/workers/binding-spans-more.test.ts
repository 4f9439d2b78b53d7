/**
 * bindingSpans() beyond KV, D1 and R2, in real workerd: Queue producers,
 * Analytics Engine and a SQLite Durable Object's storage as Miniflare runs
 * them; Workers AI, Vectorize and a dispatch namespace as objects shaped
 * like `@cloudflare/workers-types`' (Miniflare cannot run them). Spans
 * arrive at an OTLP receiver on 127.0.0.1 under the right parent, and no
 * stored, sent or prompted value reaches an exported byte.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.js";
import { fixtureWorker, startWorkers } from "./harness.js";

const SECRET = "s3cr3t-value";
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;

let rx: OtlpReceiver;
let mf: Miniflare;
const echoed: string[] = [];

interface Served {
  readonly traceId: string;
  readonly spanId: string;
  readonly result: Record<string, unknown>;
}

async function serve(path: string): Promise<Served> {
  const response = await mf.dispatchFetch(`http://more.test${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Served;
}

async function spansOf(traceId: string, kind: number, count: number): Promise<ReceivedSpan[]> {
  const of = () => rx.spans().filter((s) => s.traceId === traceId && s.kind === kind);
  await rx.waitFor(() => of().length >= count, `${count} spans of kind ${kind}`, 10_000);
  return of().sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
}

function exportedText(): string {
  return rx.requests.map((request) => request.bytes.toString("utf8")).join("\n");
}

beforeAll(async () => {
  rx = await startOtlpReceiver();
  const worker = await fixtureWorker("bindings-more", {
    name: "more",
    compatibilityDate: "2025-04-01",
    bindings: { OTLP_URL: rx.url },
    queueProducers: { QUEUE: { queueName: "jobs" } },
    analyticsEngineDatasets: { EVENTS: { dataset: "events" } },
    durableObjects: { STORE: { className: "Store", useSQLite: true } },
    serviceBindings: {
      ECHO: async (request: Request) => {
        const traceparent = request.headers.get("traceparent") ?? "";
        echoed.push(traceparent);
        return new Response(traceparent);
      },
    },
  });
  // unsafeTriggerHandlers: Miniflare delivers a POST to /cdn-cgi/handler/email as an email event.
  mf = await startWorkers([worker], { logRequests: false, unsafeTriggerHandlers: true });
});

afterAll(async () => {
  await mf?.dispose();
  await rx?.close();
});

it("records Queue send and sendBatch as producer spans, without bodies", async () => {
  const served = await serve("/queue");
  const spans = await spansOf(served.traceId, PRODUCER, 2);
  expect(spans.map((s) => s.name)).toEqual(["send QUEUE", "send QUEUE"]);
  for (const span of spans) expect(span.parentSpanId).toBe(served.spanId);
  expect(spans[0]?.attributes).toMatchObject({
    "messaging.system": "cloudflare_queues",
    "messaging.operation.type": "send",
    "messaging.operation.name": "send",
    "messaging.destination.name": "QUEUE",
    "cloudflare.binding.name": "QUEUE",
  });
  expect(spans[1]?.attributes).toMatchObject({
    "messaging.operation.name": "sendBatch",
    "messaging.batch.message_count": 2,
  });
  expect(exportedText()).not.toContain(SECRET);
});

it("records Analytics Engine's writeDataPoint as an event on the active span, with counts only", async () => {
  const served = await serve("/analytics");
  const [server] = await spansOf(served.traceId, SERVER, 1);
  const event = server?.events.find(
    (e) => e.name === "cloudflare.analytics_engine.write_data_point",
  );
  expect(event?.attributes).toEqual({
    "cloudflare.binding.type": "AnalyticsEngine",
    "cloudflare.binding.name": "EVENTS",
    "cloudflare.wae.query.blobs": 2,
    "cloudflare.wae.query.doubles": 1,
    "cloudflare.wae.query.indexes": 1,
  });
  expect(rx.spans().filter((s) => s.traceId === served.traceId)).toHaveLength(1);
  expect(exportedText()).not.toContain(SECRET);
});

describe("bindings shaped like @cloudflare/workers-types", () => {
  it("records Workers AI's run with gen_ai attributes and token usage; a stream ends its span when read", async () => {
    const served = await serve("/ai");
    expect(served.result).toEqual({
      answer: SECRET,
      streamed: `data: ${SECRET}\n\n`,
      rethrown: true,
    });
    const [chat, streamed, failed] = await spansOf(served.traceId, CLIENT, 3);
    expect(chat?.name).toBe("chat @cf/meta/llama-3.1-8b-instruct");
    expect(chat?.parentSpanId).toBe(served.spanId);
    expect(chat?.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "cloudflare.workers_ai",
      "gen_ai.request.model": "@cf/meta/llama-3.1-8b-instruct",
      "gen_ai.request.max_tokens": 64,
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 34,
      "cloudflare.binding.name": "AI",
    });
    expect(streamed?.name).toBe("text_completion @cf/meta/llama-3.1-8b-instruct");
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes["error.type"]).toBe("TypeError");
    expect(exportedText()).not.toContain(SECRET);
  });

  it("records Vectorize operations with counts, never ids or vectors", async () => {
    const served = await serve("/vectorize");
    const spans = await spansOf(served.traceId, CLIENT, 5);
    expect(spans.map((s) => s.name)).toEqual([
      "query VECTORS",
      "insert VECTORS",
      "upsert VECTORS",
      "getByIds VECTORS",
      "deleteByIds VECTORS",
    ]);
    const [query, insert, upsert, get, remove] = spans;
    expect(query?.attributes).toMatchObject({
      "db.system.name": "cloudflare-vectorize",
      "db.operation.name": "query",
      "cloudflare.vectorize.query.top_k": 5,
      "db.response.returned_rows": 2,
      "cloudflare.binding.name": "VECTORS",
    });
    expect(insert?.attributes["db.operation.batch.size"]).toBe(1);
    expect(upsert?.attributes["db.operation.batch.size"]).toBe(2);
    expect(get?.attributes["cloudflare.vectorize.query.ids.count"]).toBe(1);
    expect(remove?.attributes["cloudflare.vectorize.query.ids.count"]).toBe(2);
    expect(exportedText()).not.toContain(SECRET);
  });

  it("makes a dispatch namespace's Workers inject: the callee's parent is the client span", async () => {
    const served = await serve("/dispatch");
    const traceparent = String(served.result.traceparent);
    expect(traceparent.split("-")[1]).toBe(served.traceId);
    const [client] = await spansOf(served.traceId, CLIENT, 1);
    expect(client?.parentSpanId).toBe(served.spanId);
    expect(traceparent.split("-")[2]).toBe(client?.spanId);
  });
});

it("records a Durable Object's storage calls and sql.exec with storage: true, never values", async () => {
  const served = await serve("/storage");
  expect(served.result).toEqual({ value: SECRET, many: 2, listed: 1 });
  // The object's server span continues the caller's trace; its storage calls are its children.
  const storeServer = await rx
    .waitFor(
      () =>
        rx
          .spans()
          .some(
            (s) =>
              s.traceId === served.traceId &&
              s.kind === SERVER &&
              s.parentSpanId !== undefined &&
              s.resource["service.name"] === "bindings-store",
          ),
      "the Durable Object's server span",
      10_000,
    )
    .then(() =>
      rx
        .spans()
        .find(
          (s) =>
            s.traceId === served.traceId &&
            s.kind === SERVER &&
            s.resource["service.name"] === "bindings-store",
        ),
    );
  const storage = (await spansOf(served.traceId, CLIENT, 9)).filter(
    (s) => s.resource["service.name"] === "bindings-store",
  );
  expect(storage.map((s) => s.name)).toEqual([
    "put Store",
    "put Store",
    "get Store",
    "get Store",
    "list Store",
    "delete Store",
    "exec Store",
    "exec Store",
  ]);
  for (const span of storage) expect(span.parentSpanId).toBe(storeServer?.spanId);
  const [put, putMany, , getMany, list, remove, , insert] = storage;
  expect(put?.attributes).toMatchObject({
    "db.system.name": "cloudflare-durable-object-kv",
    "db.operation.name": "put",
    "db.namespace": "Store",
    "cloudflare.durable_object.kv.query.keys": "greeting",
  });
  expect(putMany?.attributes["cloudflare.durable_object.kv.query.keys"]).toEqual(["a", "b"]);
  expect(getMany?.attributes["db.response.returned_rows"]).toBe(2);
  expect(list?.attributes["cloudflare.durable_object.kv.query.prefix"]).toBe("g");
  expect(remove?.attributes["cloudflare.durable_object.kv.response.deleted_count"]).toBe(2);
  expect(insert?.attributes).toMatchObject({
    "db.system.name": "cloudflare-durable-object-sql",
    "db.query.text": "INSERT INTO t (v) VALUES (?)",
    "cloudflare.durable_object.query.bindings": 1,
  });
  expect(exportedText()).not.toContain(SECRET);
});

it("runs the email trigger in a server span continuing the message's traceparent, never recording its content", async () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const parent = "00f067aa0ba902b7";
  const raw = [
    "From: sender@example.com",
    "To: inbox@more.test",
    `Subject: ${SECRET}`,
    "Message-ID: <m1@example.com>",
    `traceparent: 00-${traceId}-${parent}-01`,
    "Content-Type: text/plain",
    "",
    `Body ${SECRET}`,
    "",
  ].join("\r\n");
  const response = await mf.dispatchFetch(
    "http://more.test/cdn-cgi/handler/email?from=sender@example.com&to=inbox@more.test",
    { method: "POST", body: raw },
  );
  expect(response.status).toBe(200);
  const [email] = await spansOf(traceId, SERVER, 1);
  expect(email?.name).toBe("email");
  expect(email?.parentSpanId).toBe(parent);
  expect(email?.attributes).toMatchObject({
    "faas.trigger": "other",
    "cloudflare.email.to": "inbox@more.test",
    "test.trace_of": true,
  });
  const [send] = await spansOf(traceId, PRODUCER, 1);
  expect(send?.parentSpanId).toBe(email?.spanId);
  expect(exportedText()).not.toContain(SECRET);
  expect(exportedText()).not.toContain("sender@example.com");
});
