/**
 * Opt-in producer side of Queue propagation: a view of a Queue binding
 * whose `send`/`sendBatch` record a producer span and wrap each body in
 * the envelope that carries that span's context.
 * @see https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/
 * @module
 */

import { endWith } from "../../trace/end-with.js";
import type { Trace } from "../../trace/trace.js";
import { QUEUES_SYSTEM } from "../attributes.js";
import type { TraceSource } from "../binding-views.js";
import type { QueueBatchItem, QueueLike, QueueSendOptions } from "../platform.js";
import { createView } from "../view.js";
import { canWrap, wrapBody } from "./envelope-format.js";

/** `messaging.system` for Cloudflare Queues (not a registered semconv value). */
export { QUEUES_SYSTEM };

type BatchOptions = { delaySeconds?: number };

/**
 * @param queue - a Queue producer binding.
 * @param binding - its name in `env`, recorded as the destination.
 * @param trace - the trace the producer spans belong to.
 * @returns a view whose `send` and `sendBatch` wrap bodies in envelopes.
 */
export function queueView<T extends object>(queue: T, binding: string, trace: TraceSource): T {
  const target = queue as unknown as QueueLike;
  const send = (body: unknown, options?: QueueSendOptions): Promise<unknown> => {
    const current = trace();
    if (!current) return target.send(body, options);
    return produce(current, binding, undefined, (headers) =>
      target.send(canWrap(options?.contentType) ? wrapBody(body, headers) : body, options),
    );
  };
  const sendBatch = (messages: Iterable<QueueBatchItem>, options?: BatchOptions) => {
    const current = trace();
    if (!current) return target.sendBatch(messages, options);
    const items = [...messages];
    return produce(current, binding, items.length, (headers) =>
      target.sendBatch(
        items.map((item) =>
          canWrap(item.contentType) ? { ...item, body: wrapBody(item.body, headers) } : item,
        ),
        options,
      ),
    );
  };
  return createView(queue, { send: () => send, sendBatch: () => sendBatch });
}

async function produce(
  trace: Trace,
  binding: string,
  batchSize: number | undefined,
  send: (headers: Record<string, string>) => Promise<unknown>,
): Promise<unknown> {
  const span = trace.startSpan(`send ${binding}`, {
    kind: "producer",
    attributes: {
      "messaging.system": QUEUES_SYSTEM,
      "messaging.operation.type": "send",
      "messaging.operation.name": batchSize === undefined ? "send" : "sendBatch",
      "messaging.destination.name": binding,
      "messaging.batch.message_count": batchSize,
      "cloudflare.binding.type": "Queue",
      "cloudflare.binding.name": binding,
    },
  });
  return endWith(span, () => send(span.headers()));
}
