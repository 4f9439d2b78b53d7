/**
 * `queueEnvelopes()`: trace context through Cloudflare Queues. A message
 * has no headers, so opted-in producers wrap each body in an envelope with
 * the propagation headers, and the consumer removes it before user code
 * sees the message. Imported only by Workers that use it.
 * @module
 */
import type { TraceSource } from "../binding-views.js";
import type { MessageBatchLike } from "../platform.js";
import { type ConsumedBatch, type ConsumerTracer, consumeBatch } from "./consumer.js";
import { queueView } from "./producer.js";

/** Options of {@link queueEnvelopes}. */
export interface QueueEnvelopeOptions {
  /**
   * Queue producer bindings whose `send`/`sendBatch` wrap bodies: `true`
   * for every Queue binding, or a list of `env` names. Default: none (this
   * Worker only consumes).
   */
  readonly producers?: boolean | readonly string[] | undefined;
  /**
   * How a consumed message's span relates to its producer's: `"link"`
   * (default: the batch starts a new trace that links each producer) or
   * `"parent"` (each message's span continues its producer's trace).
   */
  readonly parent?: "link" | "parent" | undefined;
}

/** What the `queues` option takes. */
export interface QueueEnvelopes {
  readonly parent: "link" | "parent";
  /** The producer view of a Queue binding, or the binding itself when not opted in. */
  producer(queue: object, binding: string, trace: TraceSource): object;
  /** Unwraps envelopes and starts the batch's spans. */
  consume<B extends MessageBatchLike>(resolved: ConsumerTracer, batch: B): ConsumedBatch<B>;
}

/**
 * @param options - which producers wrap, and how consumers relate to producers.
 * @returns the value of the `queues` option.
 * @example
 * export default withTrace(handler, { queues: queueEnvelopes({ producers: ["ORDERS"] }) });
 */
export function queueEnvelopes(options: QueueEnvelopeOptions = {}): QueueEnvelopes {
  const { producers, parent = "link" } = options;
  const wraps =
    producers === true
      ? () => true
      : Array.isArray(producers)
        ? (binding: string) => producers.includes(binding)
        : () => false;
  return {
    parent,
    producer: (queue, binding, trace) =>
      wraps(binding) ? queueView(queue, binding, trace) : queue,
    consume: consumeBatch,
  };
}
