/**
 * How a `queue` invocation starts, for handler objects and classes alike:
 * one consumer span; with `queueEnvelopes()`, the envelopes removed and a
 * span per message as well.
 * @module
 */
import type { ResolvedWorkers } from "./options.js";
import type { MessageBatchLike } from "./platform.js";
import { type Started, startQueue } from "./triggers.js";

/** A started batch: its trace, how to run user code, and the batch user code gets. */
export interface StartedBatch<B extends MessageBatchLike> extends Started {
  readonly batch: B;
}

/**
 * @param resolved - the handler's tracer and options.
 * @param batch - the runtime's batch; not modified.
 * @returns the started batch; `batch` is a view without envelopes when any message had one.
 */
export function startBatch<B extends MessageBatchLike>(
  resolved: ResolvedWorkers,
  batch: B,
): StartedBatch<B> {
  const envelopes = resolved.options.queues;
  if (!envelopes) return { ...startQueue(resolved, batch), batch };
  const consumed = envelopes.consume(resolved, batch);
  return {
    trace: consumed.trace,
    batch: consumed.batch,
    async run(fn) {
      try {
        const result = await fn();
        consumed.end();
        return result;
      } catch (error) {
        consumed.end({ error });
        throw error;
      }
    },
  };
}
