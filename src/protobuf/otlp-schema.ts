/**
 * The OTLP messages edge-trace sends, as field tables keyed by the
 * OTLP/JSON names the JSON encoders already produce: one object model,
 * two encodings. Each entry is `[field number, kind, message type]`;
 * numbers and types are those of opentelemetry-proto's `.proto` files.
 * Tables are literals, and message types are named rather than referenced,
 * so that nothing is built at import time (AnyValue is recursive).
 * @see https://github.com/open-telemetry/opentelemetry-proto/tree/main/opentelemetry/proto
 * @module
 */

// How a field's value is written (wire type and conversion).
/** string: UTF-8, length-delimited. */
export const STRING = 0;
export const BOOL = 1;
/** uint32 or enum: varint. */
export const UINT = 2;
export const FIXED32 = 3;
/** fixed64 from a decimal string (times, counts). */
export const FIXED64 = 4;
/** int64 varint from a decimal string. */
export const INT64 = 5;
/** sfixed64 from a decimal string. */
export const SFIXED64 = 6;
export const DOUBLE = 7;
/** bytes given as hex (trace and span ids). */
export const HEX = 8;
/** bytes given as base64 (AnyValue.bytes_value in OTLP/JSON). */
export const BASE64 = 9;
export const MESSAGE = 10;
/** repeated message. */
export const REPEATED = 11;
/** packed repeated fixed64 from decimal strings. */
export const PACKED_FIXED64 = 12;
export const PACKED_DOUBLE = 13;
/**
 * Or'ed onto a kind: written even when it holds its type's default
 * (oneof members and `optional` fields, where presence is the value).
 */
export const PRESENT = 16;

/** One field: its number, its kind (a constant above), and for messages the message's name. */
export type Field = readonly [number: number, kind: number, type?: MessageName];

/** A message: its fields by OTLP/JSON name. */
export type MessageType = Readonly<Record<string, Field>>;

const P = PRESENT;

/** The name of a message in {@link OTLP}. */
export type MessageName =
  | "ExportRequest"
  | "AnyValue"
  | "ArrayValue"
  | "KeyValueList"
  | "KeyValue"
  | "InstrumentationScope"
  | "Resource"
  | "ResourceSpans"
  | "ScopeSpans"
  | "Span"
  | "Event"
  | "Link"
  | "Status"
  | "ResourceLogs"
  | "ScopeLogs"
  | "LogRecord"
  | "ResourceMetrics"
  | "ScopeMetrics"
  | "Metric"
  | "Gauge"
  | "Sum"
  | "Histogram"
  | "NumberDataPoint"
  | "HistogramDataPoint"
  | "Exemplar";

/** Every message, by name. */
export const OTLP: Readonly<Record<MessageName, MessageType>> = {
  // collector/{trace,logs,metrics}/v1: each Export…ServiceRequest has one field, number 1.
  ExportRequest: {
    resourceSpans: [1, REPEATED, "ResourceSpans"],
    resourceLogs: [1, REPEATED, "ResourceLogs"],
    resourceMetrics: [1, REPEATED, "ResourceMetrics"],
  },
  // common/v1/common.proto
  AnyValue: {
    stringValue: [1, STRING | P],
    boolValue: [2, BOOL | P],
    intValue: [3, INT64 | P],
    doubleValue: [4, DOUBLE | P],
    arrayValue: [5, MESSAGE, "ArrayValue"],
    kvlistValue: [6, MESSAGE, "KeyValueList"],
    bytesValue: [7, BASE64 | P],
  },
  ArrayValue: { values: [1, REPEATED, "AnyValue"] },
  KeyValueList: { values: [1, REPEATED, "KeyValue"] },
  KeyValue: { key: [1, STRING], value: [2, MESSAGE, "AnyValue"] },
  InstrumentationScope: {
    name: [1, STRING],
    version: [2, STRING],
    attributes: [3, REPEATED, "KeyValue"],
    droppedAttributesCount: [4, UINT],
  },
  // resource/v1/resource.proto
  Resource: {
    attributes: [1, REPEATED, "KeyValue"],
    droppedAttributesCount: [2, UINT],
  },
  // trace/v1/trace.proto
  ResourceSpans: {
    resource: [1, MESSAGE, "Resource"],
    scopeSpans: [2, REPEATED, "ScopeSpans"],
    schemaUrl: [3, STRING],
  },
  ScopeSpans: {
    scope: [1, MESSAGE, "InstrumentationScope"],
    spans: [2, REPEATED, "Span"],
    schemaUrl: [3, STRING],
  },
  Span: {
    traceId: [1, HEX],
    spanId: [2, HEX],
    traceState: [3, STRING],
    parentSpanId: [4, HEX],
    flags: [16, FIXED32],
    name: [5, STRING],
    kind: [6, UINT],
    startTimeUnixNano: [7, FIXED64],
    endTimeUnixNano: [8, FIXED64],
    attributes: [9, REPEATED, "KeyValue"],
    droppedAttributesCount: [10, UINT],
    events: [11, REPEATED, "Event"],
    droppedEventsCount: [12, UINT],
    links: [13, REPEATED, "Link"],
    droppedLinksCount: [14, UINT],
    status: [15, MESSAGE, "Status"],
  },
  Event: {
    timeUnixNano: [1, FIXED64],
    name: [2, STRING],
    attributes: [3, REPEATED, "KeyValue"],
    droppedAttributesCount: [4, UINT],
  },
  Link: {
    traceId: [1, HEX],
    spanId: [2, HEX],
    traceState: [3, STRING],
    attributes: [4, REPEATED, "KeyValue"],
    droppedAttributesCount: [5, UINT],
    flags: [6, FIXED32],
  },
  Status: { message: [2, STRING], code: [3, UINT] },
  // logs/v1/logs.proto
  ResourceLogs: {
    resource: [1, MESSAGE, "Resource"],
    scopeLogs: [2, REPEATED, "ScopeLogs"],
    schemaUrl: [3, STRING],
  },
  ScopeLogs: {
    scope: [1, MESSAGE, "InstrumentationScope"],
    logRecords: [2, REPEATED, "LogRecord"],
    schemaUrl: [3, STRING],
  },
  LogRecord: {
    timeUnixNano: [1, FIXED64],
    observedTimeUnixNano: [11, FIXED64],
    severityNumber: [2, UINT],
    severityText: [3, STRING],
    body: [5, MESSAGE, "AnyValue"],
    attributes: [6, REPEATED, "KeyValue"],
    droppedAttributesCount: [7, UINT],
    flags: [8, FIXED32],
    traceId: [9, HEX],
    spanId: [10, HEX],
    eventName: [12, STRING],
  },
  // metrics/v1/metrics.proto
  ResourceMetrics: {
    resource: [1, MESSAGE, "Resource"],
    scopeMetrics: [2, REPEATED, "ScopeMetrics"],
    schemaUrl: [3, STRING],
  },
  ScopeMetrics: {
    scope: [1, MESSAGE, "InstrumentationScope"],
    metrics: [2, REPEATED, "Metric"],
    schemaUrl: [3, STRING],
  },
  Metric: {
    name: [1, STRING],
    description: [2, STRING],
    unit: [3, STRING],
    gauge: [5, MESSAGE, "Gauge"],
    sum: [7, MESSAGE, "Sum"],
    histogram: [9, MESSAGE, "Histogram"],
    metadata: [12, REPEATED, "KeyValue"],
  },
  Gauge: { dataPoints: [1, REPEATED, "NumberDataPoint"] },
  Sum: {
    dataPoints: [1, REPEATED, "NumberDataPoint"],
    aggregationTemporality: [2, UINT],
    isMonotonic: [3, BOOL],
  },
  Histogram: {
    dataPoints: [1, REPEATED, "HistogramDataPoint"],
    aggregationTemporality: [2, UINT],
  },
  NumberDataPoint: {
    attributes: [7, REPEATED, "KeyValue"],
    startTimeUnixNano: [2, FIXED64],
    timeUnixNano: [3, FIXED64],
    asDouble: [4, DOUBLE | P],
    asInt: [6, SFIXED64 | P],
    exemplars: [5, REPEATED, "Exemplar"],
    flags: [8, UINT],
  },
  HistogramDataPoint: {
    attributes: [9, REPEATED, "KeyValue"],
    startTimeUnixNano: [2, FIXED64],
    timeUnixNano: [3, FIXED64],
    count: [4, FIXED64],
    sum: [5, DOUBLE | P],
    bucketCounts: [6, PACKED_FIXED64],
    explicitBounds: [7, PACKED_DOUBLE],
    exemplars: [8, REPEATED, "Exemplar"],
    flags: [10, UINT],
    min: [11, DOUBLE | P],
    max: [12, DOUBLE | P],
  },
  Exemplar: {
    filteredAttributes: [7, REPEATED, "KeyValue"],
    timeUnixNano: [2, FIXED64],
    asDouble: [3, DOUBLE | P],
    asInt: [6, SFIXED64 | P],
    spanId: [4, HEX],
    traceId: [5, HEX],
  },
};
