/**
 * How spans start: a request's or message's trace ({@link TraceStart}, for
 * the tracer) and a child span ({@link SpanOptions}, for `trace.span`). Its
 * own file, so that the recorder's types name them without importing the
 * tracer or the `Trace`, which name the recorder.
 * @module
 */

import type { Inbound } from "../core/inbound.js";
import type { Baggage } from "../core/w3c/baggage.js";
import type { Attributes, InstrumentationScope, SpanKind, SpanLink } from "./span-data.js";

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

/** Options for a child span. */
export interface SpanOptions {
  readonly kind?: SpanKind | undefined;
  readonly attributes?: Attributes | undefined;
  readonly links?: readonly SpanLink[] | undefined;
  /**
   * Gives the child baggage of its own, starting from this, instead of the
   * request's (which a child otherwise shares with its parent): for work
   * on another message, such as one record of a batch.
   */
  readonly baggage?: Baggage | undefined;
  /** When the span started, epoch milliseconds. Default: now. */
  readonly startTime?: number | undefined;
  /** The library that made the span, reported as its OTLP scope. Default: edge-trace. */
  readonly scope?: InstrumentationScope | undefined;
}
