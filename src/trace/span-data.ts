/**
 * The data of a span, as handed to exporters.
 * @module
 */
import type { SpanContext } from "../core/traceparent.js";

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
