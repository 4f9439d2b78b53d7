/**
 * The tracer: what every request of one handler shares (ids, sampler,
 * propagators, policies, the recorder when an exporter is configured), and
 * how a request's trace starts.
 * @module
 */
import { DEFAULT_PROPAGATORS } from "../core/defaults.js";
import { defaultIds, type IdGenerator } from "../core/ids.js";
import type { Inbound } from "../core/inbound.js";
import type { OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../core/traceparent.js";
import type { OpenTelemetryBridge } from "./api-bridge.js";
import { type LogWriter, writeToConsole } from "./logger.js";
import type { Recorder } from "./recorder.js";
import { alwaysOn, parentBased, type Sampler } from "./sampler.js";
import type { Attributes, SpanKind, SpanLink } from "./span-data.js";
import { Trace } from "./trace.js";

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
  readonly openTelemetry?: OpenTelemetryBridge | undefined;
  /** Where `trace.log` writes JSON lines. Default: `console.log`. */
  readonly logWriter?: LogWriter | undefined;
  /** Dependencies, injectable for tests. */
  readonly ids?: IdGenerator | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/** How a request's (or message's) trace starts. */
export interface TraceStart {
  /** The span's name; only read when the span records. */
  readonly name: string;
  readonly kind: SpanKind;
  readonly inbound: Inbound;
  readonly attributes?: Attributes | undefined;
  readonly links?: readonly SpanLink[] | undefined;
  readonly startTime?: number | undefined;
}

const DEFAULT_SAMPLER: Sampler = parentBased(alwaysOn);

/** Shared per handler; creates one {@link Trace} per request. */
export class Tracer {
  // Declared, not emitted as class fields: the constructor assigns each once.
  declare readonly propagators: readonly Propagator[];
  declare readonly outbound: OutboundPolicy | undefined;
  declare readonly sampler: Sampler;
  declare readonly ids: IdGenerator;
  declare readonly logWriter: LogWriter;
  declare readonly baseFetch: typeof fetch;
  /** Whether recorded server spans end with every response body, not only event streams. */
  declare readonly spanEndsWithBody: boolean;
  /** Flags a root gets besides sampled: the random-trace-id bit when opted in. */
  declare readonly rootFlags: number;
  /** Records and exports spans; `undefined` with no exporter (propagation only). */
  declare readonly recorder: Recorder | undefined;
  /** `edge-trace/opentelemetry`'s bridge, when given (`openTelemetry` option). */
  declare readonly openTelemetry: OpenTelemetryBridge | undefined;
  /** The options it was built from, adapter-specific ones included (resolved once per env). */
  declare readonly options: TracerOptions;

  constructor(options: TracerOptions = {}, recorder?: Recorder) {
    this.options = options;
    this.propagators = options.propagators ?? DEFAULT_PROPAGATORS;
    this.outbound = options.outbound;
    this.recorder = recorder;
    this.openTelemetry = options.openTelemetry;
    this.sampler = options.sampler ?? recorder?.sampler ?? DEFAULT_SAMPLER;
    this.rootFlags = options.randomTraceIdFlag === true ? FLAG_RANDOM : 0;
    this.spanEndsWithBody = options.spanEndsWithBody === true;
    this.ids = options.ids ?? defaultIds();
    const write = options.logWriter ?? writeToConsole;
    // Log export (edge-trace/logs) receives every line too; the console line stays as it is.
    this.logWriter = recorder?.logWriter?.(write) ?? write;
    // Late-bound so a test or the user may replace globalThis.fetch after setup.
    this.baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Starts the server (or consumer) span of one unit of work and returns its trace. */
  startTrace(start: TraceStart): Trace {
    const parent = start.inbound.parent;
    const traceId = parent?.traceId ?? this.ids.traceId();
    const sampled = this.sampler({ traceId, parentSampled: parent?.sampled });
    // A random flag that arrives is kept (Level 2 requires it); roots set it only when opted in.
    const random = parent ? parent.traceFlags & FLAG_RANDOM : this.rootFlags;
    const context = {
      traceId,
      spanId: this.ids.spanId(),
      traceFlags: random | (sampled ? FLAG_SAMPLED : 0),
    };
    const recorder = this.recorder;
    const span = sampled && recorder ? recorder.record.root(recorder, context, start) : undefined;
    return new Trace(
      this,
      context,
      parent?.spanId,
      span,
      parent?.traceState,
      start.inbound.baggage,
      parent?.carried,
    );
  }
}
