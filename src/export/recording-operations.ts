/**
 * `SPAN_RECORDING`: what the trace path does only when an exporter is
 * configured. `setupRecorder` puts it in the recorder it builds; nothing on
 * the propagation path imports it, so a Worker that only propagates carries
 * none of it. Each member keeps its function's name, here or in
 * `src/server/`; the seam is drawn in `src/trace/recorder.ts`.
 * @module
 */
import type { SpanContext } from "../core/w3c/traceparent.js";
import type { TraceState } from "../core/w3c/tracestate.js";
import {
  endServerTrace,
  endWhenSent,
  recordServerStart,
  runServerTrace,
} from "../server/server-recording.js";
import { waitUntilFlush } from "../server/wait-until.js";
import { recordFailure } from "../trace/failure.js";
import type { Recorder, SpanRecording } from "../trace/recorder.js";
import type { Span, SpanLink } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import type { SpanOptions, TraceStart } from "../trace/trace-start.js";
import { isPromiseLike } from "../trace/values.js";

/** The recorder's `record` member. */
export const SPAN_RECORDING: SpanRecording = {
  startRoot,
  startChild,
  recordServerStart,
  endServerTrace,
  endWhenSent,
  runServerTrace,
  recordClient,
  runInSpan,
  recordRoute,
  waitUntilFlush,
};

function startRoot(recorder: Recorder, context: SpanContext, start: TraceStart): Span {
  const parent = start.inbound.parent;
  return recorder.start({
    context,
    parentSpanId: parent?.spanId,
    parentIsRemote: parent !== undefined,
    traceState: parent?.traceState?.toString() || undefined,
    name: start.name,
    kind: start.kind,
    attributes: start.attributes,
    // The caller's context when untrusted (as links), then the given links, in a new array.
    links: [...start.inbound.links.map(toLink), ...(start.links ?? [])],
    startTime: start.startTime,
  });
}

function startChild(
  recorder: Recorder,
  context: SpanContext,
  parentSpanId: string,
  traceState: TraceState | undefined,
  name: string,
  options: SpanOptions | undefined,
): Span {
  return recorder.start({
    context,
    parentSpanId,
    parentIsRemote: false,
    traceState: traceState?.toString() || undefined,
    name,
    kind: options?.kind ?? "internal",
    attributes: options?.attributes,
    links: options?.links,
    startTime: options?.startTime,
    scope: options?.scope,
  });
}

/** The caller's context when untrusted, as a link (with no attributes). */
function toLink({
  traceId,
  spanId,
  traceFlags,
  traceState,
}: TraceStart["inbound"]["links"][number]): SpanLink {
  return {
    context: {
      traceId,
      spanId,
      traceFlags,
      traceState: traceState?.toString() || undefined,
      isRemote: true,
    },
    attributes: {},
  };
}

function recordClient(
  recorder: Recorder,
  client: Trace,
  url: URL | undefined,
  method: string,
  input: RequestInfo | URL,
): (send: () => Promise<Response>) => Promise<Response> {
  const http = recorder.http;
  if (url && client.isRecording) client.setAttributes(http.client(url, method));
  // Metrics (edge-trace/metrics) time every call, sampled or not.
  const measured = recorder.requests?.client(client, input, method);
  return async (send) => {
    try {
      const pending = send();
      measured?.(pending);
      const response = await pending;
      if (client.isRecording) {
        client.setAttributes(http.response(response.status, "client"));
        if (http.isError(response.status, "client")) client.setStatus("error");
      }
      return response;
    } catch (error) {
      recordFailure(client, error);
      throw error;
    } finally {
      client.end();
    }
  };
}

function runInSpan<T>(child: Trace, fn: (span: Trace) => T): T {
  let result: T;
  try {
    result = fn(child);
  } catch (error) {
    recordFailure(child, error);
    child.end();
    throw error;
  }
  if (!isPromiseLike(result)) {
    child.end();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      child.end();
      return value;
    },
    (error: unknown) => {
      recordFailure(child, error);
      child.end();
      throw error;
    },
  ) as T;
}

function recordRoute(recorder: Recorder, trace: Trace, method: string, route: string): void {
  recorder.requests?.route(trace, method, route);
  if (!trace.isRecording) return;
  trace.setAttribute("http.route", route);
  trace.updateName(recorder.http.spanName(method, route));
}
