/**
 * A live span: records attributes, events and status until it ends. Built
 * by a closure rather than a class: the recorder is the only maker, and
 * closure variables minify to one letter where private fields do not.
 * @module
 */
import type { SpanContext } from "../core/traceparent.js";
import type {
  Attributes,
  AttributeValue,
  FinishedSpan,
  InstrumentationScope,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
} from "../trace/span-data.js";
import type { SpanLimits } from "./limits.js";

/** What a span needs from its recorder. */
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
  /** Sets one attribute; strings are truncated to the limit, `undefined` is ignored. */
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

/**
 * @param host - the clock, the limits and where the finished span goes.
 * @param start - the span's identity and initial data.
 * @returns the recording span.
 * @example
 * const span = startSpan(host, { context, parentSpanId: undefined, traceState: undefined, name: "GET", kind: "server" });
 */
export function startSpan(host: SpanHost, start: SpanStart): Span {
  const { now, limits } = host;
  const max = limits.attributeValueLength;
  const attributes: Attributes = {};
  const events: SpanEvent[] = [];
  const startTime = start.startTime ?? now();
  let name = start.name;
  let status: SpanStatus = { code: "unset" };
  let count = 0;
  let droppedAttributes = 0;
  let droppedEvents = 0;
  let ended = false;
  const span: Span = {
    context: start.context,
    parentSpanId: start.parentSpanId,
    get isRecording() {
      return !ended;
    },
    setAttribute(key, value) {
      if (ended || value === undefined) return span;
      if (!(key in attributes) && count++ >= limits.attributeCount) {
        count--;
        droppedAttributes++;
      } else {
        attributes[key] =
          typeof value === "string"
            ? value.slice(0, max)
            : Array.isArray(value) && typeof value[0] === "string"
              ? (value as string[]).map((v) => v.slice(0, max))
              : value;
      }
      return span;
    },
    setAttributes(more) {
      for (const key in more) span.setAttribute(key, more[key]);
      return span;
    },
    addEvent(eventName, eventAttributes = {}, time) {
      if (ended) return span;
      if (events.length < limits.eventCount) {
        events.push({ name: eventName, time: time ?? now(), attributes: eventAttributes });
      } else droppedEvents++;
      return span;
    },
    recordException: (error) => span.addEvent("exception", exceptionAttributes(error)),
    setStatus(code, message) {
      // A later error without a message keeps the first one's explanation.
      if (!ended && status.code !== "ok" && code !== "unset") {
        status = code === "error" ? { code, message: message ?? status.message } : { code };
      }
      return span;
    },
    updateName(newName) {
      if (!ended) name = newName;
      return span;
    },
    end(endTime) {
      if (ended) return;
      ended = true;
      const links = start.links ?? [];
      const { context } = start;
      host.onEnd({
        traceId: context.traceId,
        spanId: context.spanId,
        parentSpanId: start.parentSpanId,
        parentIsRemote: start.parentIsRemote ?? false,
        traceFlags: context.traceFlags,
        traceState: start.traceState,
        name,
        kind: start.kind,
        startTime,
        endTime: Math.max(endTime ?? now(), startTime),
        attributes,
        events,
        links: links.slice(0, limits.linkCount),
        status,
        droppedAttributesCount: droppedAttributes,
        droppedEventsCount: droppedEvents,
        droppedLinksCount: Math.max(0, links.length - limits.linkCount),
        scope: start.scope,
      });
    },
  };
  if (start.attributes) span.setAttributes(start.attributes);
  return span;
}

/**
 * @param error - any thrown value.
 * @returns `exception.type`, `exception.message` and (for an `Error`) `exception.stacktrace`.
 */
export function exceptionAttributes(error: unknown): Attributes {
  if (error instanceof Error) {
    return {
      "exception.type": error.name,
      "exception.message": error.message,
      "exception.stacktrace": error.stack,
    };
  }
  let message: string;
  try {
    message = String(error);
  } catch {
    message = "[unprintable]";
  }
  return { "exception.type": typeof error, "exception.message": message };
}
