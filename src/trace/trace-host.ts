/**
 * What a `Trace` needs from the tracer that started it.
 * @module
 */
import type { IdGenerator } from "../core/ids.js";
import type { OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";
import type { SpanContext } from "../core/w3c/traceparent.js";
import type { TraceState } from "../core/w3c/tracestate.js";
import type { OpenTelemetryBridge } from "./api-bridge.js";
import type { LogWriter } from "./logger.js";
import type { Span } from "./span-data.js";
import type { TraceCacheStorage } from "./trace-caches.js";
import type { SpanOptions } from "./trace-start.js";

/**
 * What a trace needs from the tracer that started it: a narrow view, so
 * this module does not depend on the tracer's (which creates traces).
 * @typeParam T - the `Trace` itself (named by the `Trace` module, which this one may not import).
 */
export interface TraceHost<T> {
  readonly propagators: readonly Propagator[];
  readonly outbound: OutboundPolicy | undefined;
  readonly recorder: TraceRecorder<T> | undefined;
  readonly ids: IdGenerator;
  readonly logWriter: LogWriter;
  readonly baseFetch: typeof fetch;
  /**
   * The options, where `openTelemetry` (`edge-trace/opentelemetry`'s bridge)
   * and the Workers `bindings` option (whose `caches` is `trace.caches`) are
   * read: a Worker without them carries no field for either.
   */
  readonly options: {
    readonly openTelemetry?: OpenTelemetryBridge<T> | undefined;
    readonly bindings?: { caches?(trace: T): TraceCacheStorage } | undefined;
  };
}

/**
 * The part of the `Recorder` (`./recorder.ts`) a `Trace` calls, written
 * here with the trace as a type parameter: the recorder's own type names
 * `Trace`, so the `Trace` module cannot import it without a cycle. Each
 * member is the `SpanRecording` member of the same name.
 */
export interface TraceRecorder<T> {
  readonly http: { spanName(method: string, route?: string): string };
  readonly record: {
    startChild(
      recorder: TraceRecorder<T>,
      context: SpanContext,
      parentSpanId: string,
      traceState: TraceState | undefined,
      name: string,
      options: SpanOptions | undefined,
    ): Span;
    recordClient(
      recorder: TraceRecorder<T>,
      client: T,
      url: URL | undefined,
      method: string,
      input: RequestInfo | URL,
    ): (send: () => Promise<Response>) => Promise<Response>;
    runInSpan<R>(child: T, fn: (span: T) => R): R;
    recordRoute(recorder: TraceRecorder<T>, trace: T, method: string, route: string): void;
  };
}
