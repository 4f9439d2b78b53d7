/**
 * A live span: records attributes, events and status until it ends. Built
 * by a closure rather than a class: the recorder is the only maker, and
 * closure variables minify to one letter where private fields do not.
 * @module
 */
import type {
  Attributes,
  AttributeValue,
  FinishedSpan,
  Span,
  SpanEvent,
  SpanStart,
  SpanStatus,
} from "../trace/span-data.js";
import {
  checkAttributes,
  isAttributeValue,
  keptValue,
  newAttributes,
  readAttribute,
} from "./attribute-value.js";
import type { SpanLimits } from "./limits.js";
import { checkLinks } from "./span-links.js";

export type { Span, SpanStart } from "../trace/span-data.js";

/** What a span needs from its recorder. */
export interface SpanHost {
  readonly now: () => number;
  readonly limits: SpanLimits;
  readonly onEnd: (span: FinishedSpan) => void;
  /**
   * Told once per span, when it ends, how many invalid values (attribute
   * values, links) user code gave it; they were dropped and counted.
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
  const startTime = start.startTime ?? now();
  const checkedLinks = checkLinks(start.links, limits);
  let name = nameOf(start.name);
  let status: SpanStatus = { code: "unset" };
  let count = 0;
  let droppedAttributes = 0;
  let droppedEvents = 0;
  let invalid = checkedLinks.invalid;
  let ended = false;
  const span: Span = {
    context: start.context,
    parentSpanId: start.parentSpanId,
    get isRecording() {
      return !ended;
    },
    setAttribute(key, value) {
      if (ended || value === undefined) return span;
      if (typeof key !== "string" || !isAttributeValue(value)) {
        invalid++;
        droppedAttributes++;
      } else if (!(key in attributes) && count++ >= limits.attributeCount) {
        count--;
        droppedAttributes++;
      } else attributes[key] = keptValue(value, max);
      return span;
    },
    setAttributes(more) {
      if (ended || typeof more !== "object" || more === null) return span;
      try {
        for (const key in more) span.setAttribute(key, readAttribute(more, key) as AttributeValue);
      } catch {
        // A proxy whose keys cannot be listed: what was set so far stays.
      }
      return span;
    },
    addEvent(eventName, eventAttributes, time) {
      if (ended) return span;
      if (events.length >= limits.eventCount) {
        droppedEvents++;
        return span;
      }
      const checked = checkAttributes(eventAttributes, limits);
      invalid += checked.invalid;
      const at = typeof time === "number" ? time : now();
      events.push(
        checked.dropped
          ? {
              name: nameOf(eventName),
              time: at,
              attributes: checked.attributes,
              droppedAttributesCount: checked.dropped,
            }
          : { name: nameOf(eventName), time: at, attributes: checked.attributes },
      );
      return span;
    },
    recordException: (error) => span.addEvent("exception", exceptionAttributes(error)),
    setStatus(code, message) {
      // A later error without a message keeps the first one's explanation.
      if (!ended && status.code !== "ok" && code !== "unset") {
        const text = typeof message === "string" ? message : status.message;
        status = code === "error" ? { code, message: text } : { code };
      }
      return span;
    },
    updateName(newName) {
      if (!ended) name = nameOf(newName);
      return span;
    },
    end(endTime) {
      if (ended) return;
      ended = true;
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
        endTime: Math.max(typeof endTime === "number" ? endTime : now(), startTime),
        attributes,
        events,
        links: checkedLinks.links,
        status,
        droppedAttributesCount: droppedAttributes,
        droppedEventsCount: droppedEvents,
        droppedLinksCount: checkedLinks.dropped,
        scope: start.scope,
      });
      if (invalid) host.onInvalid?.(invalid, name);
    },
  };
  if (start.attributes) span.setAttributes(start.attributes);
  return span;
}

/** A span or event name from JavaScript that passed something else: its text. */
function nameOf(name: unknown): string {
  if (typeof name === "string") return name;
  try {
    return String(name);
  } catch {
    return "";
  }
}

/**
 * @param error - any thrown value.
 * @returns `exception.type`, `exception.message` and (for an `Error`) `exception.stacktrace`.
 */
export function exceptionAttributes(error: unknown): Attributes {
  try {
    if (error instanceof Error) {
      const { name, message, stack } = error;
      return {
        "exception.type": nameOf(name),
        "exception.message": nameOf(message),
        "exception.stacktrace": typeof stack === "string" ? stack : undefined,
      };
    }
  } catch {
    // A getter that throws: described as the unprintable value below.
  }
  let message: string;
  try {
    message = String(error);
  } catch {
    message = "[unprintable]";
  }
  return { "exception.type": typeof error, "exception.message": message };
}
