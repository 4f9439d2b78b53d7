/**
 * The W3C `traceparent` header.
 * @see https://www.w3.org/TR/trace-context-2/#traceparent-header
 * @module
 */
import { TRACEPARENT_V00_LENGTH } from "../limits.js";
import { trimOws } from "../ows.js";

/** The identity of a span as it crosses a process boundary. */
export interface SpanContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  readonly spanId: string;
  /** Only the bits defined by the spec: {@link FLAG_SAMPLED} and {@link FLAG_RANDOM}. */
  readonly traceFlags: number;
}

/** https://www.w3.org/TR/trace-context-2/#sampled-flag */
export const FLAG_SAMPLED = 0x01;
/** https://www.w3.org/TR/trace-context-2/#random-trace-id-flag */
export const FLAG_RANDOM = 0x02;
/** Flags we understand; unknown bits are never re-emitted. */
const KNOWN_FLAGS = FLAG_SAMPLED | FLAG_RANDOM;

/**
 * version "-" trace-id "-" parent-id "-" trace-flags, then the end or a `-`
 * (later versions); lowercase hex, ids not all zeros. One regex: the ids'
 * rule is {@link isValidHexId}'s, inlined so a valid header costs one test.
 * The version rules stay outside it: a leading lookahead makes it twice as slow in V8.
 */
const SHAPE = /^[\da-f]{2}-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-[\da-f]{2}(?:-|$)/;

/**
 * Parses a `traceparent` value.
 *
 * Version `00` must be exactly 55 chars; a later version is accepted when its
 * first 55 chars parse and the 56th, if present, is `-`. Hex must be
 * lowercase; all-zero ids and version `ff` are invalid; surrounding spaces
 * and tabs are tolerated. Duplicated headers (comma-joined) are invalid.
 *
 * @param value - the header value.
 * @returns the span context, or `undefined` when the value is invalid.
 * @example
 * parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * // { traceId: "4bf9…4736", spanId: "00f0…02b7", traceFlags: 1 }
 */
export function parseTraceparent(value: string | null | undefined): SpanContext | undefined {
  const header = typeof value === "string" ? trimOws(value) : "";
  // Version ff is invalid; 00 is exactly 55 chars; a later version may append `-…`.
  const valid =
    SHAPE.test(header) &&
    !header.startsWith("ff") &&
    (header.length === TRACEPARENT_V00_LENGTH || !header.startsWith("00"));
  return valid
    ? {
        traceId: header.slice(3, 35),
        spanId: header.slice(36, 52),
        // The known flags are the low bits of the flags' second hex digit.
        traceFlags: parseInt(header[54]!, 16) & KNOWN_FLAGS,
      }
    : undefined;
}

/**
 * Writes a version `00` `traceparent`; unknown flag bits are dropped.
 *
 * @param ctx - the span context to write.
 * @returns the header value.
 * @example
 * formatTraceparent({ traceId, spanId, traceFlags: FLAG_SAMPLED }); // "00-…-01"
 */
export function formatTraceparent(ctx: SpanContext): string {
  // The known flags are 0..3: one hex digit, so a literal `0` pads it.
  return `00-${ctx.traceId}-${ctx.spanId}-0${ctx.traceFlags & KNOWN_FLAGS}`;
}

/** True when the sampled flag is set. */
export function isSampled(ctx: SpanContext): boolean {
  return (ctx.traceFlags & FLAG_SAMPLED) !== 0;
}
