/**
 * OTLP/JSON encoding of finished spans: the proto3 JSON mapping with OTLP's
 * deviations (hex ids, integer enums), 64-bit integers as decimal strings.
 * Absent optional fields are `undefined`, which `JSON.stringify` leaves out.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto
 * @module
 */
import type {
  Attributes,
  AttributeValue,
  FinishedSpan,
  SpanKind,
  SpanStatus,
} from "../trace/span-data.js";
import { anyValue, keyValues, type OtlpAnyValue, type OtlpKeyValue } from "./any-value.js";
import { SDK_NAME, VERSION } from "./version.js";

export type { OtlpAnyValue, OtlpEmptyValue, OtlpKeyValue } from "./any-value.js";

/** `Span`, as sent. Times are nanoseconds since the epoch, as decimal strings. */
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly traceState: string | undefined;
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
    readonly traceState: string | undefined;
    readonly attributes: readonly OtlpKeyValue[];
    readonly flags: number;
  }>;
  readonly droppedLinksCount: number;
  readonly status: { readonly code: number; readonly message: string | undefined };
}

/** `ScopeSpans`: the spans one library made (edge-trace's own, or a tracer's from `@opentelemetry/api`). */
export interface OtlpScopeSpans {
  readonly scope: { readonly name: string; readonly version: string | undefined };
  readonly schemaUrl?: string | undefined;
  readonly spans: readonly OtlpSpan[];
}

/** `ExportTraceServiceRequest`: one resource, one `ScopeSpans` per instrumentation scope. */
export interface OtlpTraceRequest {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
    readonly scopeSpans: readonly OtlpScopeSpans[];
  }>;
}

/** `Span.SpanKind`: the index + 1 (0 is unspecified). */
const SPAN_KINDS: readonly SpanKind[] = ["internal", "server", "client", "producer", "consumer"];
/** `Status.StatusCode`: the index. */
const STATUS_CODES: readonly SpanStatus["code"][] = ["unset", "ok", "error"];

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
        resource: { attributes: keyValues(resource) },
        // One `ScopeSpans` per instrumentation scope, in order of first
        // appearance; spans without one are edge-trace's own. Scopes compare
        // by identity: a tracer gives every span it makes the same scope object.
        scopeSpans: Array.from(new Set(spans.map((span) => span.scope)), (scope) => ({
          scope: scope
            ? { name: scope.name, version: scope.version }
            : { name: SDK_NAME, version: VERSION },
          schemaUrl: scope?.schemaUrl,
          spans: spans.filter((span) => span.scope === scope).map(encodeSpan),
        })),
      },
    ],
  };
}

/**
 * @param span - a finished span.
 * @returns the span as OTLP/JSON.
 */
export function encodeSpan(span: FinishedSpan): OtlpSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId || undefined,
    traceState: span.traceState || undefined,
    flags: spanFlags(span.traceFlags, span.parentIsRemote),
    name: span.name,
    kind: SPAN_KINDS.indexOf(span.kind) + 1,
    startTimeUnixNano: toUnixNano(span.startTime),
    endTimeUnixNano: toUnixNano(span.endTime),
    attributes: keyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: toUnixNano(event.time),
      name: event.name,
      attributes: keyValues(event.attributes),
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map(({ context, attributes }) => ({
      traceId: context.traceId,
      spanId: context.spanId,
      traceState: context.traceState || undefined,
      attributes: keyValues(attributes),
      flags: spanFlags(context.traceFlags, context.isRemote),
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: {
      code: Math.max(0, STATUS_CODES.indexOf(span.status.code)),
      message: span.status.message || undefined,
    },
  };
}

/**
 * The `flags` field: the W3C trace flags (bits 0-7), plus `HAS_IS_REMOTE`
 * (bit 8) and `IS_REMOTE` (bit 9) when whether the parent (or linked span)
 * is remote is known. Unknown stays unset, as the proto asks, rather than guessed.
 * @param traceFlags - the W3C trace flags.
 * @param isRemote - whether the parent (of a span) or the linked span (of a link) is remote.
 * @returns the `SpanFlags` value.
 */
export function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | (isRemote === undefined ? 0 : isRemote ? 0x300 : 0x100);
}

/**
 * @param attributes - attributes; `undefined` values are skipped.
 * @returns them as `KeyValue`s, through the one encoder every signal uses ({@link keyValues}).
 */
export function encodeAttributes(attributes: Attributes): OtlpKeyValue[] {
  return keyValues(attributes);
}

/**
 * A number is an `intValue` when it is a safe integer, else a
 * `doubleValue`; an array of numbers is all doubles if any element is not an
 * integer, so the array stays homogeneous.
 * @param value - an attribute value.
 * @returns the `AnyValue`; `{}` for what has none ({@link anyValue}).
 */
export function encodeValue(value: AttributeValue): OtlpAnyValue {
  return anyValue(value) ?? {};
}

/**
 * Epoch milliseconds (fractional) as epoch nanoseconds, a decimal string.
 * Whole microseconds stay below 2^53, so they are exact in a double; finer
 * digits would be noise (a double holding an epoch time in ms is only
 * precise to about 0.25 µs), so the result is rounded to whole microseconds.
 * @param ms - epoch milliseconds; ≤ 0 or not finite gives `"0"`.
 * @returns e.g. `"1700000000123456000"`.
 */
export function toUnixNano(ms: number): string {
  const micros = Math.round(ms * 1000);
  return micros > 0 && micros < Number.MAX_SAFE_INTEGER ? `${micros}000` : "0";
}
