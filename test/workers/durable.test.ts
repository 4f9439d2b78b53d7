/**
 * Every entry point of a traced class, in workerd: `traceOf(this)` (and `this.trace`) cleared
 * after each call, alarms, hibernatable WebSockets (with and without
 * message envelopes), and `scheduled`/`queue` on a WorkerEntrypoint.
 */
import { get as get_ } from "node:http";
import type { Miniflare } from "miniflare";
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { fixtureWorker, hex, type ReceivedSpan, traceparent, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [
  fixtureWorker("durable", {
    name: "durable",
    bindings: { COLLECTOR: c.url },
    durableObjects: { ROOM: "Room" },
    queueConsumers: { jobs: { maxBatchTimeout: 1 } },
  }),
]);
let base: URL;

beforeAll(async () => {
  base = await stack.mf().ready;
});

interface Ids {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** The payload of the first collector event named `name:…` after `from` events. */
function eventAfter(name: string, from = 0): Promise<unknown> {
  return stack
    .collector()
    .waitFor(() => {
      for (const arrival of stack.collector().log.slice(from)) {
        if (arrival.type === "event" && arrival.name.startsWith(`${name}:`)) {
          return { value: JSON.parse(arrival.name.slice(name.length + 1)) as unknown };
        }
      }
      return undefined;
    })
    .then((found) => found.value);
}

const spanById = (spanId: string) =>
  stack.collector().waitForSpan((span) => span.spanId === spanId);

function get(path: string, traceId = hex(32)): ReturnType<Miniflare["dispatchFetch"]> {
  return stack.mf().dispatchFetch(new URL(path, base), {
    headers: { traceparent: traceparent(traceId, hex(16)) },
  });
}

describe("traceOf(this) outside a traced call", () => {
  it("is undefined in an untraced RPC call made after a traced fetch", async () => {
    await (await get("/anything")).json();
    const peeked = (await (await get("/peek")).json()) as { trace: Ids | null };
    expect(peeked.trace).toBeNull();
  });

  it("is undefined in waitUntil work that runs after the call returned", async () => {
    const from = stack.collector().log.length;
    const during = (await (await get("/later")).json()) as Ids;
    expect(during.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await eventAfter("later", from)).toBeNull();
  });
});

describe("alarm", () => {
  it("runs in its own root span linked to the span that set the alarm", async () => {
    const from = stack.collector().log.length;
    const traceId = hex(32);
    const setter = (await (await get("/set-alarm", traceId)).json()) as Ids;
    expect(setter.traceId).toBe(traceId);
    const inAlarm = (await eventAfter("alarm", from)) as Ids;
    expect(inAlarm.traceId).not.toBe(traceId);
    expect(inAlarm.parentSpanId).toBeUndefined();
    const span = await spanById(inAlarm.spanId);
    expect(span.name).toBe("alarm");
    expect(span.attributes["faas.trigger"]).toBe("timer");
    expect(span.links.map((link) => link.context.spanId)).toEqual([setter.spanId]);
    expect(span.links[0]?.context.traceId).toBe(traceId);
  });
});

/** Opens a socket to the Room through the traced entrypoint, in `traceId`. */
async function openSocket(traceId: string): Promise<WebSocket> {
  const url = new URL("/ws", base);
  url.protocol = "ws:";
  const ws = new WebSocket(url, { headers: { traceparent: traceparent(traceId, hex(16)) } });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return ws;
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once("message", (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

/** The Room's fetch span of an upgrade in `traceId`. */
const upgradeSpan = (traceId: string) =>
  stack
    .collector()
    .waitForSpan(
      (span) =>
        span.traceId === traceId &&
        span.kind === "server" &&
        span.attributes["http.response.status_code"] === 101,
    );

describe("hibernatable WebSockets", () => {
  it("runs webSocketMessage in a span linked to the upgrade request, the user's tags and attachment untouched", async () => {
    const traceId = hex(32);
    const ws = await openSocket(traceId);
    const reply = nextMessage(ws);
    ws.send("hello");
    const seen = (await reply) as {
      message: string;
      trace: Ids;
      tags: string[];
      attachment: unknown;
    };
    expect(seen.message).toBe("hello");
    expect(seen.tags).toEqual(["room"]);
    expect(seen.attachment).toEqual({ user: "ada" });
    expect(seen.trace.traceId).not.toBe(traceId);
    const upgrade = await upgradeSpan(traceId);
    const span = await spanById(seen.trace.spanId);
    expect(span.name).toBe("webSocketMessage");
    expect(span.links.map((link) => link.context.spanId)).toEqual([upgrade.spanId]);
    const from = stack.collector().log.length;
    ws.close(4001, "bye");
    const closed = (await eventAfter("close", from)) as { code: number; trace: Ids };
    expect(closed.code).toBe(4001);
    const closeSpan = await spanById(closed.trace.spanId);
    expect(closeSpan.name).toBe("webSocketClose");
    expect(closeSpan.attributes["websocket.close.code"]).toBe(4001);
    expect(closeSpan.links.map((link) => link.context.spanId)).toEqual([upgrade.spanId]);
  });

  it("continues the sender's trace from a browser-built envelope and hands user code the bare message", async () => {
    const ws = await openSocket(hex(32));
    const sender = { traceId: hex(32), spanId: hex(16) };
    const reply = nextMessage(ws);
    ws.send(
      JSON.stringify({
        __edgeTrace: 1,
        headers: { traceparent: traceparent(sender.traceId, sender.spanId), baggage: "k=v" },
        data: "move e4",
      }),
    );
    const seen = (await reply) as { message: string; trace: Ids };
    ws.close();
    expect(seen.message).toBe("move e4");
    expect(seen.trace.traceId).toBe(sender.traceId);
    expect(seen.trace.parentSpanId).toBe(sender.spanId);
  });

  it("hands over a message that only looks like an envelope unchanged, in a new trace", async () => {
    const ws = await openSocket(hex(32));
    const lookalike = JSON.stringify({ __edgeTrace: 1, headers: {}, data: "x", extra: true });
    const reply = nextMessage(ws);
    ws.send(lookalike);
    const seen = (await reply) as { message: string; trace: Ids };
    ws.close();
    expect(seen.message).toBe(lookalike);
    expect(seen.trace.parentSpanId).toBeUndefined();
  });

  it("carries context Worker to Worker with wrapMessage", async () => {
    const traceId = hex(32);
    const result = (await (await get("/send-wrapped", traceId)).json()) as {
      sender: Ids;
      answer: { message: string; trace: Ids };
    };
    expect(result.answer.message).toBe("from a worker");
    expect(result.answer.trace.traceId).toBe(traceId);
    expect(result.answer.trace.parentSpanId).toBe(result.sender.spanId);
  });
});

describe("scheduled and queue on a WorkerEntrypoint class", () => {
  it("runs scheduled in a timer span with traceOf(this)", async () => {
    const from = stack.collector().log.length;
    const worker = await stack.mf().getWorker("durable");
    await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
    const seen = (await eventAfter("scheduled", from)) as { cron: string; trace: Ids };
    expect(seen.cron).toBe("*/5 * * * *");
    const span: ReceivedSpan = await spanById(seen.trace.spanId);
    expect(span.name).toBe("scheduled */5 * * * *");
    expect(span.attributes["faas.cron"]).toBe("*/5 * * * *");
  });

  it("runs queue in a consumer span with traceOf(this)", async () => {
    const from = stack.collector().log.length;
    const worker = await stack.mf().getWorker("durable");
    await worker.queue("jobs", [
      { id: "m1", timestamp: new Date(), body: { n: 1 }, attempts: 1 },
      { id: "m2", timestamp: new Date(), body: { n: 2 }, attempts: 1 },
    ]);
    const seen = (await eventAfter("queue", from)) as { count: number; trace: Ids };
    expect(seen.count).toBe(2);
    const span = await spanById(seen.trace.spanId);
    expect(span.name).toBe("process jobs");
    expect(span.kind).toBe("consumer");
  });
});

/** The entrypoint's server span of the request in `traceId`. */
const serverSpan = (traceId: string) =>
  stack
    .collector()
    .waitForSpan(
      (span) =>
        span.traceId === traceId && span.kind === "server" && span.parentSpanId !== undefined,
    );

const durationMs = (span: ReceivedSpan) => span.endTime - span.startTime;

describe("streamed responses", () => {
  it("ends the server span when the streamed body has been sent, with its status", async () => {
    const traceId = hex(32);
    const started = Date.now();
    const response = await get("/stream", traceId);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n");
    const elapsed = Date.now() - started;
    const span = await serverSpan(traceId);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    // Six pulls 60 ms apart: the span covers the stream, not just the handler.
    expect(durationMs(span)).toBeGreaterThanOrEqual(300);
    expect(durationMs(span)).toBeLessThanOrEqual(elapsed + 5);
    expect(span.status.code).not.toBe("error");
  });

  it("records an error thrown in the middle of the stream on the server span", async () => {
    const traceId = hex(32);
    const response = await get("/stream-error", traceId);
    await response.text().catch(() => undefined);
    const span = await serverSpan(traceId);
    expect(span.status.code).toBe("error");
    expect(JSON.stringify(span.events)).toContain("stream broke");
  });

  it("ends the server span when the client goes away mid-stream", async () => {
    const traceId = hex(32);
    // A raw socket: the client reads two chunks, then hangs up.
    await new Promise<void>((resolve, reject) => {
      const request = get_(new URL("/stream-endless", base), {
        headers: { traceparent: traceparent(traceId, hex(16)) },
      });
      request.on("error", reject);
      request.on("response", (response) => {
        let chunks = 0;
        response.on("data", () => {
          if (++chunks === 2) {
            request.destroy();
            resolve();
          }
        });
      });
    });
    const span = await serverSpan(traceId);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expect(span.events.map((event) => event.name)).toEqual(["cancelled"]);
    // The client leaving is not a server fault.
    expect(span.status.code).not.toBe("error");
  });

  it("ends the span of a response without a body at once", async () => {
    const traceId = hex(32);
    const response = await get("/empty", traceId);
    expect(response.status).toBe(204);
    const span = await serverSpan(traceId);
    expect(span.attributes["http.response.status_code"]).toBe(204);
    expect(durationMs(span)).toBeLessThan(300);
  });
});
