/**
 * The recording seam: the types that let the propagation path record spans
 * without bundling what records them. A Worker that imports no exporter
 * carries only the left column; everything on the right reaches a bundle
 * only inside the {@link Recorder} an exporter builds.
 *
 * ```text
 *  propagation path (always bundled)         recording (only with an exporter)
 *  ─────────────────────────────────         ─────────────────────────────────
 *  src/trace/trace.ts  Trace                 src/export/recorder-setup.ts
 *  src/trace/tracer.ts Tracer                  setupRecorder(): the Recorder,
 *  src/server/server-span.ts                   { sink, http, start, record: SPAN_RECORDING, … }
 *    startServerTrace, endServerTrace,       src/export/recording-operations.ts
 *    endWhenSent, runServerTrace               SPAN_RECORDING, the table, and its own
 *  src/workers/ctx.ts                          startRoot, startChild, recordClient,
 *  src/lambda/invocation.ts (recorder.http)    runInSpan, recordRoute
 *                                            src/server/server-recording.ts
 *         │                                    recordServerStart, endServerTrace,
 *         │  recorder?.record.<name>(…)        endWhenSent, runServerTrace
 *         └────── this module's types ──────▶ src/server/wait-until.ts  waitUntilFlush
 *                 (Recorder, SpanRecording)  src/export/recording-span.ts  startSpan (Span)
 *                                            src/export/http-attributes.ts  HTTP_CONVENTIONS
 * ```
 *
 * One operation has one name end to end: `runServerTrace` in
 * `server-span.ts` (what adapters call; without a recorder it just runs
 * the handler) calls `recorder.record.runServerTrace`, the
 * {@link SpanRecording} member, which is `runServerTrace` in
 * `server-recording.ts`. The same holds for every member: the function of
 * that name is in `recording-operations.ts` or in the `src/server/` file the
 * drawing names, and the `Trace` (`startChild`, `recordClient`,
 * `runInSpan`, `recordRoute`) and the `Tracer` (`startRoot`) call it by
 * that name too.
 * It is split because a bundler keeps only what is imported: the left
 * column may import these types, never the right column's code, and
 * `.dependency-cruiser.cjs` checks that adapters import no code of `src/export`.
 * The Trace sees the recorder through `TraceRecorder` (`trace-host.ts`).
 * @module
 */

import type { SpanContext } from "../core/w3c/traceparent.js";
import type { TraceState } from "../core/w3c/tracestate.js";
import type { EnvRecord } from "./env-record.js";
import type { Failable } from "./failure.js";
import type { TraceOnError } from "./guard.js";
import type { LogWriter } from "./logger.js";
import type { RecorderSink } from "./recorder-sink.js";
import type { Sampler } from "./sampler.js";
import type { Attributes, Span, SpanStart } from "./span-data.js";
import type { Trace } from "./trace.js";
import type { TraceRecorder } from "./trace-host.js";
import type { SpanOptions, TraceStart } from "./trace-start.js";
import type { WaitUntilContext, WaitUntilFlush } from "./wait-until-context.js";

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
 * as the `exporter` option of every adapter. Made by those functions, not
 * by hand: to send spans somewhere of your own, give `exportSpans` an
 * export function.
 */
export interface Exporter {
  /**
   * Builds the recorder once per adapter and environment, reading `OTEL_*`
   * variables from `env`. `undefined` records nothing (`OTEL_SDK_DISABLED`).
   * @internal Called by the adapters; the `Recorder` it builds is internal.
   */
  setup(env: EnvRecord | undefined, hints: RuntimeHints): Recorder | undefined;
}

/** HTTP semantic conventions: names and attributes, needed only for recorded spans. */
export interface HttpConventions {
  spanName(method: string, route?: string): string;
  /** `http.request.method` (and `_original` for an unknown method). */
  method(method: string): Attributes;
  server(url: URL, method: string, userAgent: string | null): Attributes;
  client(url: URL, method: string): Attributes;
  response(status: number, kind: "server" | "client"): Attributes;
  isError(status: number, kind: "server" | "client"): boolean;
}

/**
 * What an exporter hands the tracer: how to record a span and where it
 * goes. Built only by `setupRecorder` (`src/export/recorder-setup.ts`);
 * not part of the public API (an exporter author passes an export
 * function to `exportSpans` instead).
 */
export interface Recorder extends TraceRecorder<Trace> {
  /** From `OTEL_TRACES_SAMPLER`; the adapter's `sampler` option wins. */
  readonly sampler: Sampler | undefined;
  /** The exporter's `onError`, never throwing: where callback failures go when the adapter has none. */
  readonly report?: TraceOnError | undefined;
  /** The batching sink: adapters flush it, signals join its flushes. */
  readonly sink: RecorderSink;
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
   * `src/export/recording-operations.ts`. It arrives with the recorder, so a
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
 * and call the metrics observer. Each takes the recorder it came with, and
 * each member is the function of the same name that `SPAN_RECORDING`
 * (`src/export/recording-operations.ts`) holds.
 */
export interface SpanRecording {
  /** Starts a new trace's own span (server, consumer): untrusted callers become links. */
  startRoot(recorder: Recorder, context: SpanContext, start: TraceStart): Span;
  /** Starts a child span in the same process. */
  startChild(
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
   * In `src/server/server-recording.ts`.
   */
  recordServerStart<R extends Request>(
    recorder: Recorder,
    trace: Trace,
    request: R,
    attributes: ((request: R) => Attributes) | undefined,
  ): void;
  /**
   * Ends a server span with what the handler threw, or returned (not yet
   * sent). In `src/server/server-recording.ts`.
   */
  endServerTrace(recorder: Recorder, trace: Trace, outcome: ServerOutcome): void;
  /**
   * Ends a server span with the handler's response once its body has been
   * sent; `watchAll` watches more than event streams. In
   * `src/server/server-recording.ts`.
   * @returns the response to send.
   */
  endWhenSent<T>(
    recorder: Recorder,
    trace: Trace,
    response: T,
    watchAll: boolean,
    waitUntil: ((ended: Promise<unknown>) => void) | undefined,
  ): T;
  /**
   * Runs a handler in its server span: a throw is recorded ({@link endServerTrace})
   * and re-thrown unchanged, a response ends the span when sent
   * ({@link endWhenSent}). In `src/server/server-recording.ts`.
   */
  runServerTrace<T>(
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
  recordClient(
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
  runInSpan<T>(child: Trace, fn: (span: Trace) => T): T;
  /** An HTTP server span learns its route: `http.route`, its name, and metrics' route. */
  recordRoute(recorder: Recorder, trace: Trace, method: string, route: string): void;
  /** Tracks a runtime's `waitUntil` work, to flush after it (Workers). In `src/server/wait-until.ts`. */
  waitUntilFlush(recorder: Recorder, ctx: WaitUntilContext): WaitUntilFlush;
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
