/**
 * The record per trigger: how a `fetch`, a `scheduled` and a plain `queue`
 * invocation start their span. What a `queue` invocation needs besides
 * (envelopes removed, a span per message with `queueEnvelopes()`) is
 * chosen in `batch-trigger.ts` and done in `queues/consumer.ts`.
 * @module
 */
import { runServerTrace, startServerTrace } from "../server/server-span.js";
import { withTraceResponse } from "../server/trace-response.js";
import type { Trace } from "../trace/trace.js";
import { fetchAttributes, PLATFORM_ATTRIBUTES, queueAttributes } from "./attributes.js";
import type { ResolvedWorkers } from "./options.js";
import type { MessageBatchLike, ScheduledControllerLike } from "./platform.js";

/** A started invocation: its trace, and how to run user code inside its span. */
export interface Started {
  readonly trace: Trace;
  /**
   * @param fn - the user's code.
   * @param waitUntil - for work that outlives the call: a streamed body's end.
   */
  run<T>(fn: () => T | Promise<T>, waitUntil?: (work: Promise<unknown>) => void): Promise<T>;
}

/**
 * Continues (per the inbound policy) or starts the request's trace, with a
 * server span carrying the HTTP and Workers attributes.
 */
export function startFetch(resolved: ResolvedWorkers, request: Request): Started {
  const policy = resolved.options.inbound ?? "trust";
  const trace = startServerTrace(resolved, policy, request, (r) => fetchAttributes(r, resolved));
  const traceResponse = resolved.options.traceResponse === true;
  return {
    trace,
    run: async (fn, waitUntil) => {
      const response = await runServerTrace(resolved, trace, fn, waitUntil);
      return traceResponse && response instanceof Response
        ? (withTraceResponse(response, trace) as typeof response)
        : response;
    },
  };
}

const NO_INBOUND = { links: [], baggage: new Map() } as const;

/** A Cron Trigger starts a new root trace for every invocation. */
export function startScheduled(
  resolved: ResolvedWorkers,
  controller: ScheduledControllerLike,
): Started {
  const trace = resolved.startTrace({
    name: `scheduled ${controller.cron}`,
    kind: "server",
    inbound: NO_INBOUND,
    attributes: {
      "faas.trigger": "timer",
      "faas.cron": controller.cron,
      "faas.time": isoTime(controller.scheduledTime),
      ...PLATFORM_ATTRIBUTES,
    },
  });
  return endingIn(resolved, trace);
}

/**
 * A queue batch without `queueEnvelopes()`: one consumer span, a new root
 * (messages carry no context), bodies untouched.
 */
export function startQueue(resolved: ResolvedWorkers, batch: MessageBatchLike): Started {
  const trace = resolved.startTrace({
    name: `process ${batch.queue}`,
    kind: "consumer",
    inbound: NO_INBOUND,
    attributes: queueAttributes(batch),
  });
  return endingIn(resolved, trace);
}

/**
 * Runs user code as the body of the invocation's span: with a recorder, a
 * throw is recorded and the span ends either way; without one there is no
 * span. A throw is re-thrown unchanged.
 */
function endingIn(resolved: ResolvedWorkers, trace: Trace): Started {
  return {
    trace,
    run: async (fn) => {
      const recorder = resolved.recorder;
      return recorder ? recorder.record.runInSpan(trace, fn) : fn();
    },
  };
}

function isoTime(epochMs: unknown): string | undefined {
  // `Number.isFinite` is false for anything not a number.
  return Number.isFinite(epochMs) ? new Date(epochMs as number).toISOString() : undefined;
}
