/**
 * A live span: records attributes, events and status until it ends. Built
 * by a closure rather than a class: the recorder is the only maker, and
 * closure variables minify to one letter where private fields do not.
 * @module
 */
import type {
  Attributes,
  FinishedSpan,
  Span,
  SpanEvent,
  SpanLink,
  SpanStart,
  SpanStatus,
} from "../trace/span-data.js";
import { isAttributeValue, keptValue, newAttributes } from "./attribute-value.js";
import type { SpanLimits } from "./limits.js";

/** What a span needs from its recorder. */
export interface SpanHost {
  readonly now: () => number;
  readonly limits: SpanLimits;
  readonly onEnd: (span: FinishedSpan) => void;
  /**
   * Told once per span, when it ends, how many invalid values (attribute
   * values of the span, its events and links) user code gave it; they were
   * dropped and counted in its `droppedAttributesCount`.
   */
  readonly onInvalid?: ((count: number, spanName: string) => void) | undefined;
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
  const attributes = newAttributes();
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  const startTime = start.startTime ?? now();
  let name = start.name;
  let status: SpanStatus = { code: "unset" };
  let count = 0;
  /** Attributes over the limit; the invalid ones are counted apart and dropped too. */
  let droppedAttributes = 0;
  let droppedEvents = 0;
  let droppedLinks = 0;
  let invalid = 0;
  let ended = false;
  /**
   * An event's or link's bag, checked: valid values kept (strings cut,
   * arrays copied) in a new null-prototype bag, `undefined` skipped as
   * unset, the others counted as the span's dropped ones.
   */
  const checked = (given: unknown): Attributes => {
    const kept = newAttributes();
    try {
      // Anything but an object is an empty bag.
      const bag = (typeof given === "object" && given) as Readonly<Record<string, unknown>>;
      for (const key in bag) {
        const value = bag[key];
        if (isAttributeValue(value)) kept[key] = keptValue(value, max);
        else if (value !== undefined) invalid++;
      }
    } catch {
      // A getter that throws, a proxy: counted once, what was read so far is kept.
      invalid++;
    }
    return kept;
  };
  const span: Span = {
    context: start.context,
    parentSpanId: start.parentSpanId,
    get isRecording() {
      return !ended;
    },
    setAttribute(key, value) {
      if (ended || value === undefined) return span;
      if (!isAttributeValue(value)) invalid++;
      else if (!(key in attributes) && count++ >= limits.attributeCount) {
        count--;
        droppedAttributes++;
      } else attributes[key] = keptValue(value, max);
      return span;
    },
    setAttributes(more) {
      try {
        for (const key in more) span.setAttribute(key, more[key]);
      } catch {
        // A getter that throws, a proxy: what was set so far stays.
        invalid++;
      }
      return span;
    },
    addEvent(eventName, eventAttributes, time) {
      if (ended) return span;
      if (events.length < limits.eventCount) {
        events.push({ name: eventName, time: time ?? now(), attributes: checked(eventAttributes) });
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
      // Read at the end: links added after the start (the API's addLink) count too.
      for (const link of start.links ?? []) {
        // A link without a context (from JavaScript) is dropped and counted.
        if (!link?.context || links.length >= limits.linkCount) droppedLinks++;
        else links.push({ context: link.context, attributes: checked(link.attributes) });
      }
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
        links,
        status,
        droppedAttributesCount: droppedAttributes + invalid,
        droppedEventsCount: droppedEvents,
        droppedLinksCount: droppedLinks,
        scope: start.scope,
      });
      if (invalid) host.onInvalid?.(invalid, name);
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
  try {
    if (error instanceof Error) {
      return {
        "exception.type": String(error.name),
        "exception.message": String(error.message),
        "exception.stacktrace": error.stack,
      };
    }
    return { "exception.type": typeof error, "exception.message": String(error) };
  } catch {
    // A getter that throws, an object without toString: still an exception event.
    return { "exception.type": typeof error, "exception.message": "[unprintable]" };
  }
}
