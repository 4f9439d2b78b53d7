/**
 * The tracer: what every request of one handler shares (ids, sampler,
 * propagators, policies, the recorder when an exporter is configured), and
 * how a request's trace starts.
 * @module
 */
import { DEFAULT_PROPAGATORS } from "../core/defaults.js";
import { defaultIds, type IdGenerator } from "../core/ids.js";
import type { OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../core/w3c/traceparent.js";
import type { OpenTelemetryBridge } from "./api-bridge.js";
import { guard, guardOutbound, guardPropagator, type TraceOnError } from "./guard.js";
import { type LogWriter, writeToConsole } from "./logger.js";
import type { Recorder } from "./recorder.js";
import { alwaysOn, parentBased, type Sampler } from "./sampler.js";
import { Trace } from "./trace.js";
import type { TraceStart } from "./trace-start.js";

/** The options every adapter accepts for propagation and sampling. */
export interface TracerOptions {
  /** Wire formats, in extraction priority. Default: W3C Trace Context and Baggage. */
  readonly propagators?: readonly Propagator[] | undefined;
  /** Which destinations get trace context and baggage (`outboundPolicy(...)`). Default: all. */
  readonly outbound?: OutboundPolicy | undefined;
  /** Head sampler. Default: parent-based, recording every root (or `OTEL_TRACES_SAMPLER`). */
  readonly sampler?: Sampler | undefined;
  /**
   * Sets W3C Trace Context Level 2's random-trace-id flag (`0x02`) on traces
   * edge-trace starts. Default `false`: Level-1 receivers (OpenTelemetry Go
   * before 2026, APMs that compare the whole flags byte) discard a
   * `traceparent` with flags `03`, breaking the trace in two. A flag that
   * arrives set is always kept.
   * @see https://www.w3.org/TR/trace-context-2/#random-trace-id-flag
   */
  readonly randomTraceIdFlag?: boolean | undefined;
  /**
   * Ends a recorded server span when its response body has been sent (or
   * the client went away, or the stream failed: recorded), not when the
   * handler returns. Watching re-wraps the body as a stream, so a body the
   * runtime would have sent with a computed `Content-Length` goes out
   * chunked instead. Default `false`: only `text/event-stream` responses
   * are watched (they never have a length); bodies with a `Content-Length`
   * header are never watched.
   */
  readonly spanEndsWithBody?: boolean | undefined;
  /**
   * Spans made through `@opentelemetry/api` join the trace:
   * `openTelemetry({ AsyncLocalStorage })` from `edge-trace/opentelemetry`.
   * Handlers run with their span active in the API. Default: none.
   */
  readonly openTelemetry?: OpenTelemetryBridge<Trace> | undefined;
  /** Where `trace.log` writes JSON lines. Default: `console.log`. */
  readonly logWriter?: LogWriter | undefined;
  /**
   * Receives what goes wrong in the callbacks these options hold (a
   * `sampler`, an `outbound` policy, an `inbound` predicate, a `logWriter`,
   * `ids`, a custom propagator, the exporter's setup) and options that
   * cannot be used as given. The request goes on with a safe default
   * either way. Default: the exporter's `onError`, else nothing.
   */
  readonly onError?: TraceOnError | undefined;
  /** Dependencies, injectable for tests. */
  readonly ids?: IdGenerator | undefined;
  readonly fetch?: typeof fetch | undefined;
}

const DEFAULT_SAMPLER: Sampler = /* @__PURE__ */ parentBased(alwaysOn);

/** Shared per handler; creates one {@link Trace} per request. */
export class Tracer {
  // Declared, not emitted as class fields: the constructor assigns each once.
  declare readonly propagators: readonly Propagator[];
  declare readonly outbound: OutboundPolicy | undefined;
  declare readonly sampler: Sampler;
  /** {@link sampler}, guarded: one that throws follows the parent, else records nothing. */
  declare readonly sample: Sampler;
  declare readonly ids: IdGenerator;
  declare readonly logWriter: LogWriter;
  declare readonly baseFetch: typeof fetch;
  /** Whether recorded server spans end with every response body, not only event streams. */
  declare readonly spanEndsWithBody: boolean;
  /** Flags a root gets besides sampled: the random-trace-id bit when opted in. */
  declare readonly rootFlags: number;
  /** Records and exports spans; `undefined` with no exporter (propagation only). */
  declare readonly recorder: Recorder | undefined;
  /** The options it was built from, adapter-specific ones included (resolved once per env). */
  declare readonly options: TracerOptions;

  constructor(options: TracerOptions = {}, recorder?: Recorder) {
    // Every user callback is guarded here, once: no adapter calls one bare.
    const report = options.onError ?? recorder?.report;
    // The adapters' `inbound` (TraceOptions) is read from here by each of them:
    // a predicate that throws means untrusted, as the core's `isTrusted` answers.
    const inbound = (options as { inbound?: unknown }).inbound;
    this.options =
      typeof inbound === "function"
        ? ({
            ...options,
            inbound: guard(
              report,
              "inbound",
              inbound as (request: unknown) => boolean,
              () => false,
            ),
          } as TracerOptions)
        : options;
    // The core already skips a format that throws; guarded, the throw is reported too.
    this.propagators =
      options.propagators?.map((propagator) => guardPropagator(propagator, report)) ??
      DEFAULT_PROPAGATORS;
    this.outbound = guardOutbound(options.outbound, report);
    this.recorder = recorder;
    this.sampler = options.sampler ?? recorder?.sampler ?? DEFAULT_SAMPLER;
    // A sampler that throws follows the parent; a root is then not recorded (the cheap choice).
    this.sample = guard(report, "sampler", this.sampler, (input) => input.parentSampled === true);
    this.rootFlags = options.randomTraceIdFlag === true ? FLAG_RANDOM : 0;
    this.spanEndsWithBody = options.spanEndsWithBody === true;
    this.ids = options.ids ?? defaultIds();
    const write = guard(report, "logWriter", options.logWriter ?? writeToConsole, () => {});
    // Log export (edge-trace/logs) receives every line too; the console line stays as it is.
    this.logWriter = recorder?.logWriter?.(write) ?? write;
    // Late-bound so a test or the user may replace globalThis.fetch after setup.
    this.baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Starts the server (or consumer) span of one unit of work and returns its trace. */
  startTrace(start: TraceStart): Trace {
    const parent = start.inbound.parent;
    const traceId = parent?.traceId ?? this.ids.traceId();
    const sampled = this.sample({ traceId, parentSampled: parent?.sampled });
    // A random flag that arrives is kept (Level 2 requires it); roots set it only when opted in.
    const random = parent ? parent.traceFlags & FLAG_RANDOM : this.rootFlags;
    const context = {
      traceId,
      spanId: this.ids.spanId(),
      traceFlags: random | (sampled ? FLAG_SAMPLED : 0),
    };
    const recorder = this.recorder;
    const span =
      sampled && recorder ? recorder.record.startRoot(recorder, context, start) : undefined;
    return new Trace(
      this,
      context,
      parent?.spanId,
      span,
      parent?.traceState,
      { current: start.inbound.baggage },
      parent?.carried,
    );
  }
}
