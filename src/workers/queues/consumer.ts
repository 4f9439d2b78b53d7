import { type Found, readCarrier } from "../../core/composite-propagator.js";
import type { InboundPolicy } from "../../core/inbound.js";
import type { RemoteSpanContext } from "../../core/propagator.js";
import { recordFailure } from "../../trace/failure.js";
import type { Attributes, SpanLink } from "../../trace/span-data.js";
import type { Trace } from "../../trace/trace.js";
import { bindTrace } from "../../trace/trace-of.js";
import type { Tracer } from "../../trace/tracer.js";
import { queueAttributes } from "../attributes.js";
import { internalInbound } from "../internal-inbound.js";
import type { MessageBatchLike, QueueMessageLike } from "../platform.js";
import { createView, type Overrides } from "../view.js";
import { isEnvelope } from "./envelope-format.js";

/**
 * What consuming needs of the handler's resolved tracer (`ResolvedWorkers`
 * fits): written here, narrowly, because the options it comes from hold
 * the `queues` option, which names this consumer.
 */
export type ConsumerTracer = Tracer & {
  readonly options: {
    readonly inbound?: InboundPolicy<Request> | undefined;
    readonly queues?: { readonly parent: "link" | "parent" } | undefined;
  };
};

/** A batch being consumed: its trace, what user code gets, and how it ends. */
export interface ConsumedBatch<B extends MessageBatchLike> {
  readonly trace: Trace;
  readonly batch: B;
  /** Ends every span still open, recording the handler's throw when given. */
  end(outcome?: { readonly error: unknown }): void;
}

interface Received {
  readonly message: QueueMessageLike;
  /** What the envelope carried; `undefined` for a message without one. */
  readonly found: Found | undefined;
  readonly body: unknown;
}

/**
 * @param resolved - the handler's tracer and options.
 * @param batch - the runtime's batch; not modified.
 * @returns the batch trace and the batch (or its view) to hand to user code.
 */
export function consumeBatch<B extends MessageBatchLike>(
  resolved: ConsumerTracer,
  batch: B,
): ConsumedBatch<B> {
  const tracer = resolved;
  const options = resolved.options;
  const received = batch.messages.map((message) => receive(tracer, message));
  const parenting = options.queues?.parent === "parent" && options.inbound !== "ignore";
  const name = `process ${batch.queue}`;
  const attributes: Attributes = queueAttributes(batch);
  const trace = tracer.startTrace({
    name,
    kind: "consumer",
    inbound: { links: [], baggage: new Map() },
    links: parenting ? [] : uniqueLinks(received.map(producerOf)),
    attributes,
  });
  if (!received.some((entry) => entry.found)) {
    return { trace, batch, end: (outcome) => finish(trace, outcome) };
  }
  const traces: Trace[] = [];
  const views = received.map((entry) => {
    const id = { "messaging.message.id": entry.message.id };
    const producer = producerOf(entry);
    const messageTrace =
      parenting && producer && entry.found
        ? tracer.startTrace({
            name,
            kind: "consumer",
            inbound: internalInbound(entry.found, options.inbound),
            links: [{ context: contextOf(trace), attributes: {} }],
            attributes: { ...attributes, ...id },
          })
        : trace.startSpan(name, {
            kind: "consumer",
            attributes: id,
            links: uniqueLinks([producer]),
          });
    traces.push(messageTrace);
    const view = messageView(entry, messageTrace);
    bindTrace(view, messageTrace);
    return view;
  });
  const endAll = (outcome?: { readonly error: unknown }) => {
    for (const messageTrace of traces) finish(messageTrace, outcome);
  };
  const batchView = createView(batch, {
    messages: () => views,
    ackAll: () => () => {
      batch.ackAll();
      endAll();
    },
    retryAll: () => (retry?: { delaySeconds?: number }) => {
      batch.retryAll(retry);
      for (const messageTrace of traces) messageTrace.addEvent("retry");
      endAll();
    },
  });
  return {
    trace,
    batch: batchView,
    end(outcome) {
      endAll(outcome);
      finish(trace, outcome);
    },
  };
}

function receive(tracer: Tracer, message: QueueMessageLike): Received {
  const body: unknown = message.body;
  if (!isEnvelope(body)) return { message, found: undefined, body };
  return { message, found: readCarrier(tracer.propagators, body.headers), body: body.body };
}

function messageView(entry: Received, trace: Trace): QueueMessageLike {
  const { message } = entry;
  const overrides: Record<string, () => unknown> = {
    ack: () => () => {
      message.ack();
      trace.end();
    },
    retry: () => (retry?: { delaySeconds?: number }) => {
      message.retry(retry);
      trace.addEvent("retry");
      trace.end();
    },
  };
  if (entry.found) overrides.body = () => entry.body;
  return createView(message, overrides as Overrides);
}

function producerOf(entry: Received): RemoteSpanContext | undefined {
  return entry.found?.context;
}

function uniqueLinks(contexts: readonly (RemoteSpanContext | undefined)[]): SpanLink[] {
  const links = new Map<string, SpanLink>();
  for (const context of contexts) {
    if (!context || links.has(context.spanId)) continue;
    const { traceId, spanId, traceFlags } = context;
    const traceState = context.traceState?.toString() || undefined;
    links.set(spanId, {
      context: { traceId, spanId, traceFlags, traceState, isRemote: true },
      attributes: {},
    });
  }
  return [...links.values()];
}

function contextOf(trace: Trace): SpanLink["context"] {
  return { traceId: trace.traceId, spanId: trace.spanId, traceFlags: trace.traceFlags };
}

function finish(trace: Trace, outcome?: { readonly error: unknown }): void {
  if (outcome) recordFailure(trace, outcome.error);
  trace.end();
}
