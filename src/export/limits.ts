/**
 * Per-span limits, so one span can never grow without bound.
 * @see https://opentelemetry.io/docs/specs/otel/common/#attribute-limits
 * @module
 */

/** Per-span limits; extra attributes, events and links are dropped and counted. */
export interface SpanLimits {
  /** Default 128, as OpenTelemetry's `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`. */
  readonly attributeCount: number;
  /** Longer string values are truncated. Default 4096 characters. */
  readonly attributeValueLength: number;
  /** Default 128, as `OTEL_SPAN_EVENT_COUNT_LIMIT`. */
  readonly eventCount: number;
  /** Default 128, as `OTEL_SPAN_LINK_COUNT_LIMIT`. */
  readonly linkCount: number;
}

/** The defaults. */
export const DEFAULT_SPAN_LIMITS: SpanLimits = {
  attributeCount: 128,
  attributeValueLength: 4096,
  eventCount: 128,
  linkCount: 128,
};
