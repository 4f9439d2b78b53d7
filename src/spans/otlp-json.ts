/**
 * OTLP/JSON encoding of finished spans: the proto3 JSON mapping with OTLP's
 * deviations (hex ids, integer enums), 64-bit integers as decimal strings.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto
 * @module
 */
import type { Attributes, AttributeValue, FinishedSpan, SpanKind, SpanStatus } from "./types.js";
import { SDK_NAME, VERSION } from "./version.js";

/** `AnyValue`: exactly one member is set. `intValue` is an int64, so a decimal string. */
export type OtlpAnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number | "NaN" | "Infinity" | "-Infinity" }
  | { readonly arrayValue: { readonly values: readonly OtlpAnyValue[] } };

/** `KeyValue`. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

/** `Span`, as sent. Times are nanoseconds since the epoch, as decimal strings. */
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly traceState?: string;
  readonly flags: number;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpKeyValue[];
  readonly droppedAttributesCount: number;
  readonly events: ReadonlyArray<{
    readonly timeUnixNano: string;
    readonly name: string;
    readonly attributes: readonly OtlpKeyValue[];
  }>;
  readonly droppedEventsCount: number;
  readonly links: ReadonlyArray<{
    readonly traceId: string;
    readonly spanId: string;
    readonly traceState?: string;
    readonly attributes: readonly OtlpKeyValue[];
    readonly flags: number;
  }>;
  readonly droppedLinksCount: number;
  readonly status: { readonly code: number; readonly message?: string };
}

/** `ExportTraceServiceRequest`: one resource, one scope. */
export interface OtlpTraceRequest {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
    readonly scopeSpans: ReadonlyArray<{
      readonly scope: { readonly name: string; readonly version: string };
      readonly spans: readonly OtlpSpan[];
    }>;
  }>;
}

/** `Span.SpanKind`. */
export const SPAN_KIND: Readonly<Record<SpanKind, number>> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

/** `Status.StatusCode`. */
export const STATUS_CODE: Readonly<Record<SpanStatus["code"], number>> = {
  unset: 0,
  ok: 1,
  error: 2,
};

/** `SpanFlags`: bits 0-7 are the W3C trace flags. */
export const SPAN_FLAGS_TRACE_FLAGS_MASK = 0xff;
/** `SpanFlags`: bit 8 says whether bit 9 is known. */
export const SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK = 0x100;
/** `SpanFlags`: bit 9 says the parent (of a span) or the linked span (of a link) is remote. */
export const SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK = 0x200;

/**
 * @param spans - finished spans, all from one resource.
 * @param resource - the resource attributes.
 * @returns the request body, ready for `JSON.stringify`.
 * @example
 * JSON.stringify(encodeTraceRequest(spans, createResource({ serviceName: "shop" }, {})));
 */
export function encodeTraceRequest(
  spans: readonly FinishedSpan[],
  resource: Attributes,
): OtlpTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: encodeAttributes(resource) },
        scopeSpans: [{ scope: { name: SDK_NAME, version: VERSION }, spans: spans.map(encodeSpan) }],
      },
    ],
  };
}

/** One span. */
export function encodeSpan(span: FinishedSpan): OtlpSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    ...(span.traceState ? { traceState: span.traceState } : {}),
    flags: spanFlags(span.traceFlags, span.parentIsRemote),
    name: span.name,
    kind: SPAN_KIND[span.kind] ?? 0,
    startTimeUnixNano: toUnixNano(span.startTime),
    endTimeUnixNano: toUnixNano(span.endTime),
    attributes: encodeAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: toUnixNano(event.time),
      name: event.name,
      attributes: encodeAttributes(event.attributes),
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map(({ context, attributes }) => ({
      traceId: context.traceId,
      spanId: context.spanId,
      ...(context.traceState ? { traceState: context.traceState } : {}),
      attributes: encodeAttributes(attributes),
      flags: spanFlags(context.traceFlags, context.isRemote),
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: {
      code: STATUS_CODE[span.status.code] ?? 0,
      ...(span.status.message ? { message: span.status.message } : {}),
    },
  };
}

/**
 * The `flags` field: the W3C trace flags, plus the "is remote" bits when
 * whether the parent (or linked span) is remote is known. Unknown stays
 * unset, as the proto asks, rather than guessed.
 */
export function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  const flags = traceFlags & SPAN_FLAGS_TRACE_FLAGS_MASK;
  if (isRemote === undefined) return flags;
  return (
    flags |
    SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK |
    (isRemote ? SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK : 0)
  );
}

/** Attributes as `KeyValue`s; `undefined` values are skipped. */
export function encodeAttributes(attributes: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out.push({ key, value: encodeValue(value) });
  }
  return out;
}

/**
 * One value. A number is an `intValue` when it is a safe integer, else a
 * `doubleValue`; an array of numbers is all doubles if any element is not an
 * integer, so the array stays homogeneous.
 */
export function encodeValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return encodeNumber(value, Number.isSafeInteger(value));
  const integers = value.every((v) => typeof v !== "number" || Number.isSafeInteger(v));
  const values = value.map((v: string | number | boolean) =>
    typeof v === "number" ? encodeNumber(v, integers) : encodeValue(v),
  );
  return { arrayValue: { values } };
}

function encodeNumber(value: number, asInteger: boolean): OtlpAnyValue {
  if (asInteger) return { intValue: String(value) };
  // proto3 JSON spells the non-finite doubles as strings.
  if (Number.isNaN(value)) return { doubleValue: "NaN" };
  if (!Number.isFinite(value)) return { doubleValue: value > 0 ? "Infinity" : "-Infinity" };
  return { doubleValue: value };
}

/**
 * Epoch milliseconds (fractional) as epoch nanoseconds, a decimal string,
 * built from whole milliseconds and the microseconds so that nothing
 * passes through a number above 2^53. A double holding an epoch time in ms
 * is only precise to about 0.25 µs, so finer digits would be noise: the
 * result is rounded to whole microseconds.
 * @param ms - epoch milliseconds, ≥ 0.
 * @returns e.g. `"1700000000123456000"`.
 */
export function toUnixNano(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "0";
  let whole = Math.floor(ms);
  let micros = Math.round((ms - whole) * 1000);
  if (micros === 1000) {
    whole += 1;
    micros = 0;
  }
  return whole === 0 ? String(micros * 1000) : `${whole}${String(micros).padStart(3, "0")}000`;
}
