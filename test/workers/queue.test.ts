/**
 * Queue propagation through real local Queues in workerd: the producer
 * wraps (opt-in), the consumer unwraps before user code, and each message's
 * consumer span is linked to (default) or parented by its producer span.
 */
import { describe, expect, it } from "vitest";
import {
  backendWorker,
  type Collector,
  frontendWorker,
  hex,
  type ReceivedSpan,
  traceparent,
  useWorkers,
} from "./harness.js";

const queueWorker = (
  collector: Collector,
  name: string,
  queue: string,
  vars: Record<string, string>,
) =>
  frontendWorker(collector, {
    name,
    vars,
    queueProducers: { Q: queue },
    queueConsumers: { [queue]: { maxBatchTimeout: 1, maxBatchSize: 10 } },
  });

const stack = useWorkers((c) => [
  queueWorker(c, "queue-link", "q-link", { WRAP_QUEUES: "all" }),
  queueWorker(c, "queue-parent", "q-parent", { WRAP_QUEUES: "Q", QUEUE_PARENT: "parent" }),
  queueWorker(c, "queue-plain", "q-plain", {}),
  backendWorker(c),
]);

interface Seen {
  body: unknown;
  id: string;
  attempts: number;
  batch: { traceId: string; spanId: string; parentSpanId?: string };
  own?: { traceId: string; spanId: string; parentSpanId?: string };
}

const SENT = (n: string) => [{ hello: "world", at: n }, "second", ["third"]];

async function enqueue(worker: string, n: string, traceId: string) {
  // dispatchFetch always reaches the first worker: address this one directly.
  const fetcher = await stack.mf().getWorker(worker);
  const response = await fetcher.fetch(`http://${worker}.test/enqueue?n=${n}`, {
    headers: { traceparent: traceparent(traceId, hex(16)) },
  });
  expect(response.status).toBe(200);
  const { server } = (await response.json()) as { server: { spanId: string } };
  const seen = await stack.collector().waitFor(() => {
    const found = stack
      .collector()
      .log.flatMap((entry) =>
        entry.type === "event" && entry.name.startsWith(`queue:${worker}:`)
          ? [JSON.parse(entry.name.slice(`queue:${worker}:`.length)) as Seen]
          : [],
      );
    return found.length === 3 ? found : undefined;
  });
  return { server, seen };
}

const spansOf = (worker: string, kind: ReceivedSpan["kind"]) =>
  stack.collector().spans.filter((span) => span.service === worker && span.kind === kind);

const bodies = (seen: Seen[]) => seen.map((entry) => entry.body);

describe("without the producer option", () => {
  it("sends and delivers bodies untouched, with no producer spans and no links", async () => {
    const { seen } = await enqueue("queue-plain", "p", hex(32));
    expect(bodies(seen)).toEqual(SENT("p"));
    // The batch was handed over as it is: no per-message traces.
    expect(seen.every((entry) => entry.own === null || entry.own === undefined)).toBe(true);
    const batch = await stack.collector().waitFor(() => spansOf("queue-plain", "consumer")[0]);
    expect(batch.links).toEqual([]);
    expect(batch.parentSpanId).toBeUndefined();
    expect(spansOf("queue-plain", "producer")).toEqual([]);
  });
});

describe("with producers wrapped (link, the default)", () => {
  it("unwraps before user code and links each message's span to its producer", async () => {
    const traceId = hex(32);
    const { server, seen } = await enqueue("queue-link", "l", traceId);
    expect(bodies(seen)).toEqual(SENT("l"));

    const producers = await stack.collector().waitFor(() => {
      const found = spansOf("queue-link", "producer");
      return found.length === 2 ? found : undefined;
    });
    for (const producer of producers) {
      expect(producer.traceId).toBe(traceId);
      expect(producer.parentSpanId).toBe(server.spanId);
      expect(producer.attributes["messaging.system"]).toBe("cloudflare_queues");
    }
    const send = producers.find((span) => span.attributes["messaging.operation.name"] === "send");
    const batchSend = producers.find(
      (span) => span.attributes["messaging.operation.name"] === "sendBatch",
    );
    expect(batchSend?.attributes["messaging.batch.message_count"]).toBe(2);

    const messageSpans = await stack.collector().waitFor(() => {
      const found = spansOf("queue-link", "consumer").filter(
        (span) => span.attributes["messaging.message.id"] !== undefined,
      );
      return found.length === 3 ? found : undefined;
    });
    for (const entry of seen) {
      const span = messageSpans.find((s) => s.attributes["messaging.message.id"] === entry.id);
      const producer = entry.body === "second" || Array.isArray(entry.body) ? batchSend : send;
      // A new trace per batch; the message span is a child of the batch span...
      expect(span?.traceId).toBe(entry.batch.traceId);
      expect(span?.traceId).not.toBe(traceId);
      expect(span?.parentSpanId).toBe(entry.batch.spanId);
      // ...linked to the span that produced the message,
      expect(span?.links.map((link) => link.context.spanId)).toEqual([producer?.spanId]);
      expect(span?.links[0]?.context.traceId).toBe(traceId);
      // ...and traceOf(message) returns it.
      expect(entry.own?.spanId).toBe(span?.spanId);
    }
    const batches = spansOf("queue-link", "consumer").filter(
      (span) => span.attributes["messaging.message.id"] === undefined,
    );
    const linked = new Set(batches.flatMap((span) => span.links.map((l) => l.context.spanId)));
    expect(linked).toEqual(new Set([send?.spanId, batchSend?.spanId]));
  });
});

describe("with queueParent: parent", () => {
  it("continues the producer's trace in each message's span", async () => {
    const traceId = hex(32);
    const { seen } = await enqueue("queue-parent", "x", traceId);
    expect(bodies(seen)).toEqual(SENT("x"));
    const producers = await stack.collector().waitFor(() => {
      const found = spansOf("queue-parent", "producer");
      return found.length === 2 ? found : undefined;
    });
    const messageSpans = await stack.collector().waitFor(() => {
      const found = spansOf("queue-parent", "consumer").filter(
        (span) => span.attributes["messaging.message.id"] !== undefined,
      );
      return found.length === 3 ? found : undefined;
    });
    for (const entry of seen) {
      const span = messageSpans.find((s) => s.attributes["messaging.message.id"] === entry.id);
      expect(span?.traceId).toBe(traceId);
      expect(producers.map((p) => p.spanId)).toContain(span?.parentSpanId);
      // The batch span is linked, not the parent.
      expect(span?.links[0]?.context.spanId).toBe(entry.batch.spanId);
      expect(entry.own).toMatchObject({ traceId, spanId: span?.spanId });
    }
  });
});

describe("message views", () => {
  it("keep ack and retry working: a retried message comes back once, then is acked", async () => {
    const worker = await stack.mf().getWorker("queue-link");
    await (await worker.fetch("http://queue-link.test/enqueue-retry")).arrayBuffer();
    const deliveries = await stack.collector().waitFor(() => {
      const found = stack
        .collector()
        .log.flatMap((entry) =>
          entry.type === "event" && entry.name.includes('"retryOnce":true')
            ? [JSON.parse(entry.name.slice("queue:queue-link:".length)) as Seen]
            : [],
        );
      return found.length === 2 ? found : undefined;
    }, 15_000);
    expect(deliveries.map((entry) => entry.attempts)).toEqual([1, 2]);
    expect(deliveries[0]?.body).toEqual({ retryOnce: true });
    expect(deliveries[1]?.id).toBe(deliveries[0]?.id);
    const retried = await stack
      .collector()
      .waitForSpan(
        (span) =>
          span.attributes["messaging.message.id"] === deliveries[0]?.id &&
          span.events.some((event) => event.name === "retry"),
      );
    expect(retried.kind).toBe("consumer");
  });
});
