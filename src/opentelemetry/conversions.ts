/**
 * What `@opentelemetry/api` hands a span, in edge-trace's terms: times,
 * kinds, statuses, links and exceptions. Each accepts anything the API's
 * types allow and never throws.
 * @module
 */
import type { Exception, Link, SpanStatus, TimeInput } from "@opentelemetry/api";
import type { Attributes, SpanKind, SpanLink } from "../trace/span-data.js";

/** `SpanKind` by the API's enum value (INTERNAL = 0 … CONSUMER = 4). */
const KINDS: readonly SpanKind[] = ["internal", "server", "client", "producer", "consumer"];
/** `SpanStatusCode` by value (UNSET = 0, OK = 1, ERROR = 2). */
const STATUSES = ["unset", "ok", "error"] as const;

/** Below this, a number is a `performance.now()` time; above, epoch milliseconds. */
const PERFORMANCE_NOW_LIMIT = 1e11;

/**
 * @param kind - the API's `SpanKind`.
 * @returns edge-trace's kind; `internal` for anything unknown.
 */
export function toKind(kind: number | undefined): SpanKind {
  return KINDS[kind ?? 0] ?? "internal";
}

/**
 * @param status - the API's status.
 * @returns edge-trace's status code; `unset` for anything unknown.
 */
export function toStatusCode(status: SpanStatus): (typeof STATUSES)[number] {
  return STATUSES[status.code] ?? "unset";
}

/**
 * The API's `TimeInput` as epoch milliseconds: a `Date`, an `HrTime`
 * (`[seconds, nanoseconds]`), epoch milliseconds, or milliseconds since
 * `performance.timeOrigin` (a `performance.now()` value).
 * @param time - what the caller gave.
 * @returns epoch milliseconds, or `undefined` (meaning now) for nothing or nonsense.
 */
export function toEpochMs(time: TimeInput | undefined): number | undefined {
  let ms: number | undefined;
  if (typeof time === "number") {
    // A performance.now() value is the process's age (below 1e11 ms, three years);
    // an epoch time is above it since 1973. The SDK compares with timeOrigin
    // instead, which misreads an epoch time from just before the process started.
    ms =
      time < PERFORMANCE_NOW_LIMIT
        ? ((globalThis as { performance?: { timeOrigin?: number } }).performance?.timeOrigin ?? 0) +
          time
        : time;
  } else if (time instanceof Date) {
    ms = time.getTime();
  } else if (Array.isArray(time)) {
    ms = time[0] * 1e3 + time[1] / 1e6;
  }
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

/**
 * @param links - links as the API gives them; one without a span context is skipped.
 * @returns the same links as edge-trace records them.
 */
export function toLinks(links: readonly Link[] | undefined): SpanLink[] {
  const out: SpanLink[] = [];
  for (const link of links ?? []) if (link?.context) out.push(toLink(link));
  return out;
}

/**
 * @param link - a link as the API gives it.
 * @returns the same link as edge-trace records it.
 */
export function toLink(link: Link): SpanLink {
  const { traceId, spanId, traceFlags, traceState, isRemote } = link.context;
  return {
    context: {
      traceId,
      spanId,
      traceFlags,
      traceState: traceState?.serialize() || undefined,
      isRemote,
    },
    attributes: (link.attributes ?? {}) as Attributes,
  };
}

/**
 * The API's `Exception` (a string, an `Error`, or `{ name, message, code, stack }`)
 * as the semantic conventions' exception attributes.
 * @see https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/
 * @param exception - what was thrown or reported.
 * @returns `exception.type`, `exception.message`, `exception.stacktrace` where known.
 */
export function exceptionAttributes(exception: Exception): Attributes {
  if (typeof exception === "string") return { "exception.message": exception };
  if (typeof exception !== "object" || exception === null) {
    return { "exception.message": String(exception) };
  }
  const { name, code, message, stack } = exception;
  const type = typeof name === "string" ? name : code === undefined ? undefined : String(code);
  return {
    "exception.type": type,
    "exception.message": typeof message === "string" ? message : undefined,
    "exception.stacktrace": typeof stack === "string" ? stack : undefined,
  };
}
