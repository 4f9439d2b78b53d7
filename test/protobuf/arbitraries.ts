/**
 * fast-check generators of what the three signals encode: finished spans,
 * log lines (as `trace.log` writes them), histogram metrics as the metrics
 * entry collects them, and OTLP/JSON sum and gauge metrics.
 * @module
 */
import fc from "fast-check";
import type { HistogramMetric } from "../../src/metrics/otlp-metrics-json.js";
import type { AttributeValue, FinishedSpan } from "../../src/trace/span-data.js";

const hex = (length: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
    .filter((id) => !/^0+$/.test(id));

/** Well-formed UTF-16 (lone surrogates have their own test), non-ASCII included. */
const text = fc.string({ unit: "grapheme", maxLength: 40 });

/** Doubles with the awkward ones: NaN, ±Infinity, -0, integers past 2^53. */
const double = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53 + 2, -(2 ** 63), 1e300),
);
const integer = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(-Number.MAX_SAFE_INTEGER));

const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  text,
  fc.boolean(),
  integer,
  double,
  fc.array(text, { maxLength: 4 }),
  fc.array(fc.oneof(integer, double), { maxLength: 4 }),
  fc.array(fc.boolean(), { maxLength: 4 }),
);

/** Attribute maps, empty keys and values included. */
export const attributes = fc.dictionary(text, attributeValue, { maxKeys: 6 });

/** Epoch ms, fractional, or 0 (which encodes as 0). */
const time = fc.oneof(fc.double({ min: 1e12, max: 4e12, noNaN: true }), fc.constant(0));

const context = fc.record({
  traceId: hex(32),
  spanId: hex(16),
  traceFlags: fc.integer({ min: 0, max: 255 }),
  traceState: fc.option(text, { nil: undefined }),
  isRemote: fc.option(fc.boolean(), { nil: undefined }),
});

/** Any span the recorder could finish. */
export const finishedSpan: fc.Arbitrary<FinishedSpan> = fc.record({
  traceId: hex(32),
  spanId: hex(16),
  parentSpanId: fc.option(hex(16), { nil: undefined }),
  parentIsRemote: fc.option(fc.boolean(), { nil: undefined }),
  traceFlags: fc.integer({ min: 0, max: 255 }),
  traceState: fc.option(text, { nil: undefined }),
  name: text,
  kind: fc.constantFrom("internal", "server", "client", "producer", "consumer"),
  startTime: time,
  endTime: time,
  attributes,
  events: fc.array(fc.record({ name: text, time, attributes }), { maxLength: 3 }),
  links: fc.array(fc.record({ context, attributes }), { maxLength: 2 }),
  status: fc.record({
    code: fc.constantFrom("unset", "ok", "error"),
    message: fc.option(text, { nil: undefined }),
  }),
  droppedAttributesCount: fc.nat(),
  droppedEventsCount: fc.nat(),
  droppedLinksCount: fc.nat(),
});

/** A `trace.log` line: level, message (any JSON value), fields, maybe the trace ids. */
export const logLine: fc.Arbitrary<string> = fc
  .record({
    level: fc.constantFrom("debug", "info", "warn", "error", "other"),
    msg: fc.oneof(text, fc.jsonValue()),
    fields: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    ids: fc.option(
      fc.record({ trace_id: hex(32), span_id: hex(16), trace_flags: fc.constantFrom("00", "01") }),
    ),
  })
  .map(({ level, msg, fields, ids }) => JSON.stringify({ ...fields, ...ids, level, msg }));

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const exemplar = fc.record({ time, value: finite, traceId: hex(32), spanId: hex(16) });

/** A histogram as `httpMetrics()` collects it: bounds, points with buckets and exemplars. */
export const histogramMetric: fc.Arbitrary<HistogramMetric> = fc
  .uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 5 })
  .chain((unsorted) => {
    const bounds = [...unsorted].sort((a, b) => a - b);
    const point = fc.record({
      attributes: fc.dictionary(text, fc.oneof(text, integer, fc.boolean()), { maxKeys: 3 }),
      count: fc.nat(),
      // Finite: the JSON encoder writes a non-finite sum as null (JSON has no NaN).
      sum: finite,
      min: finite,
      max: finite,
      buckets: fc.array(fc.nat(), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }),
      exemplars: fc.array(fc.option(exemplar, { nil: undefined }), {
        maxLength: bounds.length + 1,
      }),
    });
    return fc.record({
      name: text,
      description: text,
      unit: text,
      bounds: fc.constant(bounds),
      collected: fc.record({ start: time, end: time, points: fc.array(point, { maxLength: 3 }) }),
    });
  });

/** An int64 as OTLP/JSON writes it: a decimal string, the int64 extremes included. */
const int64String = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.constantFrom("0", "-1", "9223372036854775807", "-9223372036854775808", "9007199254740993"),
);

const numberPoint = fc.record({
  attributes: fc.constant([{ key: "k", value: { stringValue: "v" } }]),
  startTimeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  value: fc.oneof(
    int64String.map((asInt) => ({ asInt })),
    double.map((asDouble) => ({
      asDouble: Number.isFinite(asDouble) ? asDouble : String(asDouble),
    })),
  ),
  exemplars: fc.array(
    fc.record({
      timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
      asInt: int64String,
      traceId: hex(32),
      spanId: hex(16),
      filteredAttributes: fc.constant([{ key: "f", value: { intValue: "-3" } }]),
    }),
    { maxLength: 2 },
  ),
});

/** OTLP/JSON `Sum` and `Gauge` metrics (the encoder is total over metrics.proto's shapes). */
export const sumOrGaugeMetric = fc
  .record({
    name: text,
    unit: text,
    kind: fc.constantFrom("sum", "gauge"),
    monotonic: fc.boolean(),
    points: fc.array(numberPoint, { maxLength: 3 }),
  })
  .map(({ name, unit, kind, monotonic, points }) => {
    const dataPoints = points.map(({ value, ...rest }) => ({ ...rest, ...value }));
    return kind === "sum"
      ? { name, unit, sum: { dataPoints, aggregationTemporality: 1, isMonotonic: monotonic } }
      : { name, unit, gauge: { dataPoints } };
  });
