/**
 * A live span: records attributes, events and status until it ends.
 * @module
 */
import type { SpanContext } from "../core/traceparent.js";
import type { SpanLimits } from "./limits.js";
import type {
  Attributes,
  AttributeValue,
  FinishedSpan,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
} from "./types.js";

/** What a span needs from its tracer. */
export interface SpanHost {
  readonly now: () => number;
  readonly limits: SpanLimits;
  readonly onEnd: (span: FinishedSpan) => void;
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
}

/**
 * A recording span: made by a recorder, only for sampled traces when an
 * exporter is configured (otherwise a trace has ids and no span).
 */
export class Span {
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  readonly #host: SpanHost;
  readonly #start: SpanStart;
  readonly #startTime: number;
  #name: string;
  #attributes: Attributes = {};
  #attributeCount = 0;
  #events: SpanEvent[] = [];
  #status: SpanStatus = { code: "unset" };
  #dropped = { attributes: 0, events: 0 };
  #ended = false;

  constructor(host: SpanHost, start: SpanStart) {
    this.#host = host;
    this.#start = start;
    this.context = start.context;
    this.parentSpanId = start.parentSpanId;
    this.#name = start.name;
    this.#startTime = start.startTime ?? host.now();
    if (start.attributes) this.setAttributes(start.attributes);
  }

  /** False once ended. */
  get isRecording(): boolean {
    return !this.#ended;
  }

  /** Sets one attribute; strings are truncated to the limit, `undefined` is ignored. */
  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (!this.isRecording || value === undefined) return this;
    if (!(key in this.#attributes)) {
      if (this.#attributeCount >= this.#host.limits.attributeCount) {
        this.#dropped.attributes++;
        return this;
      }
      this.#attributeCount++;
    }
    this.#attributes[key] = this.#truncate(value);
    return this;
  }

  /** Sets several attributes. */
  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  /** Adds a timestamped event. */
  addEvent(name: string, attributes: Attributes = {}, time?: number): this {
    if (!this.isRecording) return this;
    if (this.#events.length >= this.#host.limits.eventCount) {
      this.#dropped.events++;
      return this;
    }
    this.#events.push({ name, time: time ?? this.#host.now(), attributes });
    return this;
  }

  /**
   * Records an `exception` event with OpenTelemetry's attribute names.
   * @see https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/
   */
  recordException(error: unknown): this {
    return this.addEvent("exception", exceptionAttributes(error));
  }

  /** Sets the status; `ok` is final, as the OpenTelemetry API requires. */
  setStatus(code: SpanStatus["code"], message?: string): this {
    if (!this.isRecording || this.#status.code === "ok" || code === "unset") return this;
    // A later error without a message keeps the first one's explanation.
    this.#status = code === "error" ? { code, message: message ?? this.#status.message } : { code };
    return this;
  }

  /** Renames the span (an HTTP server span learns its route late). */
  updateName(name: string): this {
    if (this.isRecording) this.#name = name;
    return this;
  }

  /** Ends the span; ending twice is harmless. */
  end(endTime?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#host.onEnd(this.#finish(endTime ?? this.#host.now()));
  }

  #finish(endTime: number): FinishedSpan {
    const links = this.#start.links ?? [];
    const linkCount = this.#host.limits.linkCount;
    return {
      traceId: this.context.traceId,
      spanId: this.context.spanId,
      parentSpanId: this.parentSpanId,
      parentIsRemote: this.#start.parentIsRemote ?? false,
      traceFlags: this.context.traceFlags,
      traceState: this.#start.traceState,
      name: this.#name,
      kind: this.#start.kind,
      startTime: this.#startTime,
      endTime: Math.max(endTime, this.#startTime),
      attributes: this.#attributes,
      events: this.#events,
      links: links.length > linkCount ? links.slice(0, linkCount) : links,
      status: this.#status,
      droppedAttributesCount: this.#dropped.attributes,
      droppedEventsCount: this.#dropped.events,
      droppedLinksCount: Math.max(0, links.length - linkCount),
    };
  }

  #truncate(value: AttributeValue): AttributeValue {
    const max = this.#host.limits.attributeValueLength;
    if (typeof value === "string") return value.length > max ? value.slice(0, max) : value;
    if (Array.isArray(value) && typeof value[0] === "string") {
      return (value as readonly string[]).map((v) => (v.length > max ? v.slice(0, max) : v));
    }
    return value;
  }
}

/** `exception.type`, `exception.message` and `exception.stacktrace` for any thrown value. */
export function exceptionAttributes(error: unknown): Attributes {
  if (error instanceof Error) {
    return {
      "exception.type": error.name,
      "exception.message": error.message,
      "exception.stacktrace": error.stack,
    };
  }
  return { "exception.type": typeof error, "exception.message": safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "[unprintable]";
  }
}
