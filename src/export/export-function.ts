/**
 * The exporter contract: a function that sends a batch of finished spans.
 * @module
 */
import type { Attributes, FinishedSpan } from "../trace/span-data.js";

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
