/**
 * The seam between propagation and export. Adapters and the `Trace` know
 * only these types; what records spans (the `Span` class, HTTP semantic
 * conventions, batching, OTLP) arrives in the `Recorder` an `Exporter`
 * builds, so a Worker that imports no exporter bundles none of it.
 * @module
 */

import type { SpanContext } from "../core/traceparent.js";
import type { TraceState } from "../core/tracestate.js";
import type { BatchSink } from "../export/batch-sink.js";
import type { Span, SpanStart } from "../export/span.js";
import type { WaitUntilContext, WaitUntilFlush } from "../server/wait-until.js";
import type { EnvRecord } from "./env-record.js";
import type { Failable } from "./failure.js";
import type { LogWriter } from "./logger.js";
import type { Sampler } from "./sampler.js";
import type { Attributes } from "./span-data.js";
import type { SpanOptions, Trace } from "./trace.js";
import type { TraceStart } from "./tracer.js";

/** What ending a span by its response body needs of the trace. */
export interface SpanEnd extends Failable {
  end(): void;
  addEvent(name: string): unknown;
}

/** What an adapter tells the exporter about its runtime. */
export interface RuntimeHints {
  /**
   * `true`: batch on a timer (long-running servers). `false`: never a timer
   * (Workers, Lambda: they flush per invocation). Unset: a timer only when
   * the exporter's options ask for one.
   */
  readonly timer?: boolean | undefined;
  /** `service.name` when neither the options nor `OTEL_*` name the service (Lambda: the function). */
  readonly serviceName?: string | undefined;
  /**
   * Network errors an exporter gives up on at once instead of retrying
   * (Lambda: a refused connection, where a retry would hold the response or
   * the next invocation while nothing listens). A function the adapter
   * brings, so bundles of other adapters carry none of it.
   */
  readonly giveUpOn?: ((error: unknown) => boolean) | undefined;
}

/**
 * Something that records and exports spans: `otlp()` from `edge-trace/otlp`,
 * `consoleExporter()` or `exportSpans(fn)` from `edge-trace/export`. Passed
 * as the `exporter` option of every adapter.
 */
export interface Exporter {
  /**
   * Builds the recorder once per adapter and environment, reading `OTEL_*`
   * variables from `env`. `undefined` records nothing (`OTEL_SDK_DISABLED`).
   */
  setup(env: EnvRecord | undefined, hints: RuntimeHints): Recorder | undefined;
}

/** HTTP semantic conventions: names and attributes, needed only for recorded spans. */
export interface HttpConventions {
  spanName(method: string, route?: string): string;
  server(url: URL, method: string, userAgent: string | null): Attributes;
  client(url: URL, method: string): Attributes;
  response(status: number, kind: "server" | "client"): Attributes;
  isError(status: number, kind: "server" | "client"): boolean;
}

/** What an exporter hands the tracer: how to record a span and where it goes. */
export interface Recorder {
  /** From `OTEL_TRACES_SAMPLER`; the adapter's `sampler` option wins. */
  readonly sampler: Sampler | undefined;
  readonly sink: BatchSink;
  readonly http: HttpConventions;
  /**
   * Flushes in a request's `waitUntil`, sharing one export with the
   * isolate's other requests (Workers). Never rejects.
   */
  flushShared(deadline: number): Promise<void>;
  /** Starts a recording span. */
  start(start: SpanStart): Span;
  /**
   * The adapters' side of recording: `SPAN_RECORDING` from
   * `src/trace/span-recording.ts`. It arrives with the recorder, so a
   * Worker that imports no exporter bundles none of it.
   */
  readonly record: SpanRecording;
  /**
   * Wraps the `trace.log` writer, so that every line, sampled or not, is
   * also exported (set by `otlpLogs()` from `edge-trace/logs`). The lines
   * are `trace.log`'s JSON: `{time, level, msg, …fields, trace_id, span_id,
   * trace_flags}`. The wrapped writer must not throw.
   */
  readonly logWriter?: ((write: LogWriter) => LogWriter) | undefined;
  /**
   * Observes every HTTP request served and `trace.fetch` call made, sampled
   * or not (set by `httpMetrics()` from `edge-trace/metrics`).
   */
  readonly requests?: RequestObserver | undefined;
}

/**
 * What the trace path does only when a recorder exists: build the spans'
 * start data, set HTTP attributes, record failures, watch response bodies,
 * and call the metrics observer. Each takes the recorder it came with.
 */
export interface SpanRecording {
  /** Starts a new trace's own span (server, consumer): untrusted callers become links. */
  root(recorder: Recorder, context: SpanContext, start: TraceStart): Span;
  /** Starts a child span in the same process. */
  child(
    recorder: Recorder,
    context: SpanContext,
    parentSpanId: string,
    traceState: TraceState | undefined,
    name: string,
    options: SpanOptions | undefined,
  ): Span;
  /**
   * A server request started: its HTTP attributes (and the adapter's, from
   * `attributes`) when its span records; the metrics observer either way.
   */
  serverStart<R extends Request>(
    recorder: Recorder,
    trace: Trace,
    request: R,
    attributes: ((request: R) => Attributes) | undefined,
  ): void;
  /** Ends a server span with what the handler threw, or returned (not yet sent). */
  serverEnd(recorder: Recorder, trace: Trace, outcome: ServerOutcome): void;
  /**
   * Ends a server span with the handler's response once its body has been
   * sent ({@link watchBody}); `watchAll` watches more than event streams.
   * @returns the response to send.
   */
  whenSent<T>(
    recorder: Recorder,
    trace: Trace,
    response: T,
    watchAll: boolean,
    waitUntil: ((ended: Promise<unknown>) => void) | undefined,
  ): T;
  /**
   * Runs a handler in its server span: a throw is recorded ({@link serverEnd})
   * and re-thrown unchanged, a response ends the span when sent ({@link whenSent}).
   */
  serve<T>(
    recorder: Recorder,
    trace: Trace,
    run: () => T | Promise<T>,
    watchAll: boolean,
    waitUntil: ((ended: Promise<unknown>) => void) | undefined,
  ): Promise<T>;
  /**
   * A `trace.fetch` call starts: the client span's HTTP attributes, metrics'
   * timing (before injection: it may add baggage).
   * @returns runs the call, records its response or failure, ends the span.
   */
  client(
    recorder: Recorder,
    client: Trace,
    url: URL | undefined,
    method: string,
    input: RequestInfo | URL,
  ): (send: () => Promise<Response>) => Promise<Response>;
  /**
   * Runs `fn` as the body of `child`'s span: ended when `fn` returns or its
   * promise settles; a throw or rejection is recorded and re-thrown unchanged.
   */
  span<T>(child: Trace, fn: (span: Trace) => T): T;
  /** An HTTP server span learns its route: `http.route`, its name, and metrics' route. */
  route(recorder: Recorder, trace: Trace, method: string, route: string): void;
  /** Tracks a runtime's `waitUntil` work, to flush after it (Workers). */
  waitUntil(recorder: Recorder, ctx: WaitUntilContext): WaitUntilFlush;
}

/** What a server handler did: returned a value or threw. */
export type ServerOutcome = { readonly response: unknown } | { readonly error: unknown };

/** How a server request ended: `{ response }`, `{ status }` or `{ error }`. */
export type RequestOutcome =
  | { readonly response: unknown }
  | { readonly status: number | undefined }
  | { readonly error: unknown };

/**
 * Request measurements for metrics. Called for every request whether or not
 * its span records; none of the methods throws.
 */
export interface RequestObserver {
  /** A server request started (fetch-shaped adapters, Lambda HTTP events). */
  start(trace: Trace, method: string, route?: string): void;
  /**
   * The route that answers became known: a template, or a getter the router
   * answers while the handler runs (Hono), read when a metric needs it.
   */
  route(trace: Trace, method: string, route: string | (() => string | undefined)): void;
  /**
   * The server request ended: the handler returned `response` (a `Response`,
   * or a Lambda result whose `status` was read), or threw `error`.
   */
  end(trace: Trace, outcome: RequestOutcome): void;
  /**
   * A `trace.fetch` call starts (before its headers are injected, so the
   * observer may add baggage to `client`); the function it returns is
   * given the call's pending response, to time it.
   */
  client(
    client: Trace,
    input: RequestInfo | URL,
    method: string,
  ): (pending: Promise<Response>) => void;
}
