/**
 * Queue producers: `send` and `sendBatch` as producer spans, for Queues
 * whose bodies are not wrapped in envelopes (a producer opted into
 * `queueEnvelopes()` records its own span, with the same attributes).
 * Message bodies are never recorded.
 * @see https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/
 * @module
 */

import { QUEUES_SYSTEM } from "../attributes.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { method } from "./attributes.js";
import { callSpan } from "./call-span.js";

/**
 * @param queue - a Queue producer binding; not modified.
 * @param binding - its name in `env`, the destination.
 * @param trace - the trace each call belongs to.
 * @returns a view whose `send` and `sendBatch` record producer spans.
 */
export function queueSpansView<T extends object>(queue: T, binding: string, trace: TraceSource): T {
  const overrides: Record<string, () => unknown> = {};
  for (const operation of ["send", "sendBatch"]) {
    const call = method(queue, operation);
    const traced = (...args: unknown[]) => {
      // A batch may be any iterable: read once, handed on as an array.
      const batch = operation === "sendBatch" && isIterable(args[0]) ? [...args[0]] : undefined;
      if (batch) args[0] = batch;
      return callSpan(
        trace,
        () => ({
          name: `send ${binding}`,
          kind: "producer",
          attributes: {
            "messaging.system": QUEUES_SYSTEM,
            "messaging.operation.type": "send",
            "messaging.operation.name": operation,
            "messaging.destination.name": binding,
            "messaging.batch.message_count": batch?.length,
            "cloudflare.binding.type": "Queue",
            "cloudflare.binding.name": binding,
          },
        }),
        () => call(...args),
      );
    };
    overrides[operation] = () => traced;
  }
  return createView(queue, overrides);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === "function"
  );
}
