/**
 * The data of a span: what a recording span starts with and offers while
 * it runs (the interfaces the trace path records through; `startSpan` in
 * `src/export/recording-span.ts` builds one), and what it hands to exporters when it ends.
 * @module
 */
import type { SpanContext } from "../core/w3c/traceparent.js";

/**
 * An OpenTelemetry attribute value. Checked where it is set (on a span, an
 * event or a link): anything else (`null`, a `bigint`, an object, a mixed
 * array) is dropped and counted in the span's `droppedAttributesCount`. Arrays may also hold `null` or `undefined`
 * elements, as OpenTelemetry allows; they are sent as empty values.
 * @see https://opentelemetry.io/docs/specs/otel/common/#attribute
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | readonly string[]
  | readonly number[]
  | readonly boolean[];

/**
 * Attributes by name; `undefined` values are skipped. The bags a span
 * keeps have no prototype, so every key (`constructor`, `__proto__`) is an
 * ordinary attribute.
 */
export type Attributes = Record<string, AttributeValue | undefined>;

/** https://opentelemetry.io/docs/specs/otel/trace/api/#spankind */
export type SpanKind = "internal" | "server" | "client" | "producer" | "consumer";

/** https://opentelemetry.io/docs/specs/otel/trace/api/#set-status */
export interface SpanStatus {
  readonly code: "unset" | "ok" | "error";
  readonly message?: string | undefined;
}

/** A timestamped event on a span. Times are epoch milliseconds (fractional). */
export interface SpanEvent {
  readonly name: string;
  readonly time: number;
  readonly attributes: Attributes;
}

/** A link to another span, such as an untrusted caller or a queue producer. */
export interface SpanLink {
  /** `isRemote`: whether the linked span came from another process; unknown when absent. */
  readonly context: SpanContext & {
    readonly traceState?: string | undefined;
    readonly isRemote?: boolean | undefined;
  };
  readonly attributes: Attributes;
}

/**
 * The library that made a span (OTLP's `InstrumentationScope`), such as a
 * tracer from `@opentelemetry/api`'s `trace.getTracer(name, version)`.
 * Spans without one are edge-trace's own.
 */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string | undefined;
  readonly schemaUrl?: string | undefined;
}

/** A finished span: what the recorder hands to exporters. */
export interface FinishedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** True when the parent came from another process (OTLP's "is remote" span flag). */
  readonly parentIsRemote?: boolean | undefined;
  readonly traceFlags: number;
  readonly traceState: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startTime: number;
  readonly endTime: number;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly status: SpanStatus;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  /** The library that made it; `undefined` for edge-trace's own spans. */
  readonly scope?: InstrumentationScope | undefined;
}

/**
 * Where finished spans go. The adapters end spans into a sink and call
 * `flush` when the runtime allows work after the response.
 */
export interface SpanSink {
  /** Takes a finished span. Must not throw or block. */
  onEnd(span: FinishedSpan): void;
  /** Sends what is buffered; resolves (never rejects) by `deadline` (epoch ms) at the latest. */
  flush(deadline?: number): Promise<void>;
}

/** Everything a span starts with. */
export interface SpanStart {
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  /** Set by the tracer for a span whose parent was extracted from a request or message. */
  readonly parentIsRemote?: boolean | undefined;
  readonly traceState: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes?: Attributes | undefined;
  readonly links?: readonly SpanLink[] | undefined;
  readonly startTime?: number | undefined;
  /** The library that made the span (OTLP scope); `undefined` for edge-trace's own. */
  readonly scope?: InstrumentationScope | undefined;
}

/**
 * A recording span: made by a recorder, only for sampled traces when an
 * exporter is configured (otherwise a trace has ids and no span).
 */
export interface Span {
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  /** False once ended. */
  readonly isRecording: boolean;
  /**
   * Sets one attribute; strings are truncated to the limit, `undefined` is
   * ignored, an invalid value (see `AttributeValue`) is dropped and counted.
   */
  setAttribute(key: string, value: AttributeValue | undefined): Span;
  setAttributes(attributes: Attributes): Span;
  /** Adds a timestamped event (epoch ms, default now). */
  addEvent(name: string, attributes?: Attributes, time?: number): Span;
  /**
   * Records an `exception` event with OpenTelemetry's attribute names.
   * @see https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/
   */
  recordException(error: unknown): Span;
  /** Sets the status; `ok` is final, as the OpenTelemetry API requires. */
  setStatus(code: SpanStatus["code"], message?: string): Span;
  /** Renames the span (an HTTP server span learns its route late). */
  updateName(name: string): Span;
  /** Ends the span; ending twice is harmless. */
  end(endTime?: number): void;
}
