/**
 * OTLP/JSON encoding of delta histograms.
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/metrics/v1/metrics.proto
 * @module
 */

import { toUnixNano } from "../export/otlp-json.js";
import { SDK_NAME, VERSION } from "../export/version.js";
import { type KeyValue, keyValues } from "../signals/otlp-values.js";
import type { Collected, HistogramPoint } from "./histogram.js";

/** `AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA`. */
export const DELTA = 1;

/** A histogram to encode: its name, unit, description and what was collected. */
export interface HistogramMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly bounds: readonly number[];
  readonly collected: Collected;
}

/** `ExportMetricsServiceRequest`, as sent. */
export interface OtlpMetricsRequest {
  readonly resourceMetrics: ReadonlyArray<{
    readonly resource: { readonly attributes: readonly KeyValue[] };
    readonly scopeMetrics: ReadonlyArray<{
      readonly scope: { readonly name: string; readonly version: string };
      readonly metrics: readonly object[];
    }>;
  }>;
}

/**
 * @param metrics - the histograms with points (empty ones are left out).
 * @param resource - the same resource as the spans.
 * @returns the request body.
 */
export function encodeMetricsRequest(
  metrics: readonly HistogramMetric[],
  resource: Readonly<Record<string, unknown>>,
): OtlpMetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: keyValues(resource) },
        scopeMetrics: [
          {
            scope: { name: SDK_NAME, version: VERSION },
            metrics: metrics
              .filter((m) => m.collected.points.length > 0)
              .map((m) => ({
                name: m.name,
                description: m.description,
                unit: m.unit,
                histogram: {
                  aggregationTemporality: DELTA,
                  dataPoints: m.collected.points.map((p) => encodePoint(p, m)),
                },
              })),
          },
        ],
      },
    ],
  };
}

function encodePoint(point: HistogramPoint, metric: HistogramMetric): object {
  const exemplars = [];
  for (const e of point.exemplars) {
    if (!e) continue;
    exemplars.push({
      timeUnixNano: toUnixNano(e.time),
      asDouble: e.value,
      traceId: e.traceId,
      spanId: e.spanId,
    });
  }
  return {
    attributes: keyValues(point.attributes),
    startTimeUnixNano: toUnixNano(metric.collected.start),
    timeUnixNano: toUnixNano(metric.collected.end),
    // fixed64 fields: decimal strings in OTLP/JSON.
    count: String(point.count),
    sum: point.sum,
    bucketCounts: point.buckets.map(String),
    explicitBounds: metric.bounds,
    min: point.min,
    max: point.max,
    exemplars,
  };
}
