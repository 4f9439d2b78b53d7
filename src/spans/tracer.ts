/**
 * The tracer: what every request of one handler shares (ids, clock,
 * sampler, propagators, policies, the span sink), and how a request's
 * trace starts.
 * @module
 */
import { DEFAULT_PROPAGATORS } from "../core/defaults.js";
import { defaultIds, type IdGenerator } from "../core/ids.js";
import type { Inbound } from "../core/inbound.js";
import { compileOutbound, type OutboundDecider, type OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";
import { FLAG_RANDOM, FLAG_SAMPLED } from "../core/traceparent.js";
import { type Clock, defaultClock } from "./clock.js";
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from "./limits.js";
import { type LogWriter, writeToConsole } from "./logger.js";
import { alwaysOn, parentBased, type Sampler } from "./sampler.js";
import { Span } from "./span.js";
import { ActiveTrace } from "./trace.js";
import type { Attributes, FinishedSpan, SpanKind, SpanLink, SpanSink } from "./types.js";

/** The options every adapter accepts for recording and propagation. */
export interface TracerOptions {
  /** Wire formats, in extraction priority. Default: W3C Trace Context and Baggage. */
  readonly propagators?: readonly Propagator[] | undefined;
  /** Which destinations get trace context and baggage. Default: all. */
  readonly outbound?: OutboundPolicy | undefined;
  /** Head sampler. Default: parent-based, recording every root. */
  readonly sampler?: Sampler | undefined;
  /** Where finished spans go. Default: nowhere (propagation only). */
  readonly sink?: SpanSink | undefined;
  /** Per-span limits. */
  readonly spanLimits?: Partial<SpanLimits> | undefined;
  /** Where `trace.log` writes JSON lines. Default: `console.log`. */
  readonly logWriter?: LogWriter | undefined;
  /** Dependencies, injectable for tests. */
  readonly ids?: IdGenerator | undefined;
  readonly clock?: Clock | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/** How a request's (or message's) trace starts. */
export interface TraceStart {
  readonly name: string;
  readonly kind: SpanKind;
  readonly inbound: Inbound;
  readonly attributes?: Attributes | undefined;
  readonly links?: readonly SpanLink[] | undefined;
  readonly startTime?: number | undefined;
}

const noSink: SpanSink = { onEnd() {}, flush: () => Promise.resolve() };

/** Shared per handler; creates one {@link ActiveTrace} per request. */
export class Tracer {
  readonly propagators: readonly Propagator[];
  readonly outbound: OutboundDecider;
  readonly sampler: Sampler;
  readonly sink: SpanSink;
  readonly ids: IdGenerator;
  readonly now: Clock;
  readonly limits: SpanLimits;
  readonly logWriter: LogWriter;
  readonly baseFetch: typeof fetch;
  readonly onEnd: (span: FinishedSpan) => void;
  /**
   * False with no sink (propagation only): ended spans would go nowhere, so
   * spans record nothing, there is never anything to flush, and adapters
   * need not schedule a flush (in workerd an extra `waitUntil` per request
   * costs more CPU than the tracing).
   */
  readonly flushes: boolean;

  constructor(options: TracerOptions = {}) {
    this.propagators = options.propagators ?? DEFAULT_PROPAGATORS;
    this.outbound = compileOutbound(options.outbound);
    this.sampler = options.sampler ?? parentBased(alwaysOn);
    this.sink = options.sink ?? noSink;
    this.flushes = this.sink !== noSink;
    this.ids = options.ids ?? defaultIds();
    this.now = options.clock ?? defaultClock;
    this.limits = { ...DEFAULT_SPAN_LIMITS, ...options.spanLimits };
    this.logWriter = options.logWriter ?? writeToConsole;
    // Late-bound so a test or the user may replace globalThis.fetch after setup.
    this.baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
    const sink = this.sink;
    this.onEnd = (span) => {
      try {
        sink.onEnd(span);
      } catch {
        // A broken sink never reaches user code.
      }
    };
  }

  /** Starts the server (or consumer) span of one unit of work and returns its trace. */
  startTrace(start: TraceStart): ActiveTrace {
    const parent = start.inbound.parent;
    const traceId = parent?.traceId ?? this.ids.traceId();
    const sampled = this.sampler({ traceId, parentSampled: parent?.sampled });
    const random = parent ? parent.traceFlags & FLAG_RANDOM : FLAG_RANDOM;
    const links = linksOf(start.inbound.links, start.links);
    const span = new Span(this, {
      context: {
        traceId,
        spanId: this.ids.spanId(),
        traceFlags: random | (sampled ? FLAG_SAMPLED : 0),
      },
      parentSpanId: parent?.spanId,
      parentIsRemote: parent !== undefined,
      traceState: parent?.traceState?.toString() || undefined,
      name: start.name,
      kind: start.kind,
      // With no sink an ended span goes nowhere: record nothing (context still propagates).
      recording: sampled && this.flushes,
      attributes: start.attributes,
      links,
      startTime: start.startTime,
    });
    return new ActiveTrace(this, span, parent?.traceState, start.inbound.baggage, parent?.carried);
  }
}

/** The caller's context when untrusted (as links), then the given links; no copies when none. */
function linksOf(
  inbound: Inbound["links"],
  given: readonly SpanLink[] | undefined,
): readonly SpanLink[] {
  if (inbound.length === 0) return given === undefined ? [] : given.slice();
  const links: SpanLink[] = [];
  for (const context of inbound) links.push(toLink(context));
  if (given) for (const link of given) links.push(link);
  return links;
}

function toLink(context: Inbound["links"][number]): SpanLink {
  const { traceId, spanId, traceFlags } = context;
  const traceState = context.traceState?.toString() || undefined;
  return { context: { traceId, spanId, traceFlags, traceState, isRemote: true }, attributes: {} };
}
