/**
 * The exporter contract: a function that sends a batch of finished spans.
 * @module
 */
import type { Attributes, FinishedSpan } from "./types.js";

/** What an exporter is told besides the spans. */
export interface ExportContext {
  /** Epoch milliseconds by which the export must be over. */
  readonly deadline: number;
  /** Aborted at the deadline: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The resource the spans belong to (`service.name`, …). */
  readonly resource: Attributes;
}

/**
 * Sends spans somewhere. A custom exporter may ignore the context: a plain
 * `(spans) => Promise<void>` fits. Rejecting marks the batch failed (it is
 * reported through `onError`, never thrown to the handler).
 * @example
 * const exporter: ExportFunction = async (spans) => { await queue.send(spans); };
 */
export type ExportFunction = (
  spans: readonly FinishedSpan[],
  context: ExportContext,
) => Promise<void>;

/**
 * One exporter that sends each batch to all of `exporters` at once.
 * @param exporters - such as OTLP and the console together.
 * @returns an exporter that rejects with an `AggregateError` when any failed.
 */
export function fanOut(exporters: readonly ExportFunction[]): ExportFunction {
  if (exporters.length === 1) return exporters[0]!;
  return async function exportToAll(spans, context) {
    const results = await Promise.allSettled(exporters.map(async (e) => e(spans, context)));
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, "Some exporters failed");
  };
}
