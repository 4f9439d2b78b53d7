/**
 * `forEachRecord`: process the records of an SQS batch, each with a trace.
 * @module
 */
import type { Inbound } from "../core/inbound.js";
import { endWith } from "../trace/end-with.js";
import { runActive } from "../trace/run-active.js";
import type { Attributes, SpanLink } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import type { Tracer } from "../trace/tracer.js";
import { toLink } from "./xray.js";

/** What the invocation learnt about one record, kept for its span. */
export interface RecordState {
  readonly inbound: Inbound;
  /** X-Ray links of the record (`AWSTraceHeader` in `"link"` mode). */
  readonly links: readonly SpanLink[];
  readonly name: string;
  readonly attributes: Attributes;
}

/** One batch invocation's records, found by the batch's trace. */
export interface Batch {
  readonly tracer: Tracer;
  readonly perRecord: boolean;
  readonly records: WeakMap<object, RecordState>;
}

// Keyed by the batch's trace object, so nothing outlives the invocation.
const batches = new WeakMap<Trace, Batch>();

/** Remembers a batch's records for {@link forEachRecord}. */
export function registerBatch(trace: Trace, batch: Batch): void {
  batches.set(trace, batch);
}

/**
 * Runs `fn` for each record of a batch, one after another, in order.
 *
 * With `sqs: { parent: "parent" }`, each call runs in its own
 * `"{queue} process"` consumer span: a child of the record's producer
 * context (with the record's baggage) when the record carried one, else of
 * the batch span, and linked to the batch span. A throw is recorded on the
 * record's span and re-thrown unchanged, stopping the loop. Without that
 * option, or for an event `withTrace` did not start, `fn` gets `trace`.
 *
 * @param event - the SQS (or SNS) event the handler was given.
 * @param trace - the handler's trace.
 * @param fn - called with the record, its trace and its index.
 * @returns when every record is done.
 * @example
 * export const handler = withTrace(async (event: SqsEvent, context, trace) => {
 *   await forEachRecord(event, trace, async (record, recordTrace) => {
 *     await recordTrace.fetch("https://api.example.com/orders", { method: "POST", body: record.body });
 *   });
 * }, { sqs: { parent: "parent" } });
 */
export async function forEachRecord<R>(
  event: { readonly Records: readonly R[] },
  trace: Trace,
  fn: (record: R, trace: Trace, index: number) => unknown,
): Promise<void> {
  const records: readonly R[] = Array.isArray(event?.Records) ? event.Records : [];
  const batch = batches.get(trace);
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as R;
    const recordTrace = batch?.perRecord ? startRecordTrace(batch, trace, record) : undefined;
    if (!recordTrace) {
      await fn(record, trace, index);
      continue;
    }
    // edge-trace/opentelemetry: the record's span is the active one while it is handled.
    await runActive(batch!.tracer, recordTrace, () =>
      endWith(recordTrace, () => fn(record, recordTrace, index)),
    );
  }
}

function startRecordTrace(batch: Batch, trace: Trace, record: unknown): Trace | undefined {
  const state =
    typeof record === "object" && record !== null ? batch.records.get(record) : undefined;
  if (!state) return undefined;
  try {
    const { inbound, name, attributes } = state;
    if (inbound.parent) {
      // The producer's trace continues here; the batch is one link away.
      const { traceId, spanId, traceFlags } = trace;
      const toBatch: SpanLink = {
        context: { traceId, spanId, traceFlags, isRemote: false },
        attributes: {},
      };
      const links = [toBatch, ...state.links];
      return batch.tracer.startTrace({ name, kind: "consumer", inbound, attributes, links });
    }
    // No producer context: a local child of the batch span, with baggage of
    // its own (the batch's, the record's winning), not shared with the batch.
    const links = [...inbound.links.map((context) => toLink(context, {})), ...state.links];
    const child = trace.startSpan(name, {
      kind: "consumer",
      attributes,
      links,
      baggage: trace.baggage,
    });
    for (const [key, entry] of inbound.baggage)
      child.setBaggage(key, entry.value, entry.properties);
    return child;
  } catch {
    return undefined;
  }
}
