/**
 * The demo receiver's logs and metrics: log records kept by trace and span,
 * and the `http.server.request.duration` points folded into one row per
 * `caller route > route`, from which the caller-route table is printed.
 */

/** A log record as the demo shows it under its span. */
export interface DemoLog {
  readonly traceId: string;
  readonly spanId: string;
  readonly service: string;
  readonly severity: string;
  readonly body: string;
  readonly timeMs: number;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** One row of the caller-route table: what the callee's delta points added up to. */
export interface RouteRow {
  readonly service: string;
  readonly caller: string;
  readonly route: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  readonly bounds: readonly number[];
  readonly buckets: number[];
}

type Json = Record<string, unknown>;
type KeyValue = { key: string; value: Json };
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const obj = (value: unknown): Json =>
  typeof value === "object" && value !== null ? (value as Json) : {};

/** Decodes an `ExportLogsServiceRequest`. */
export function decodeLogs(body: unknown): DemoLog[] {
  const out: DemoLog[] = [];
  for (const rl of list(obj(body).resourceLogs)) {
    const service = String(attributes(obj(rl.resource).attributes)["service.name"] ?? "unknown");
    for (const sl of list(rl.scopeLogs)) {
      for (const record of list(sl.logRecords)) {
        if (typeof record.traceId !== "string" || typeof record.spanId !== "string") continue;
        out.push({
          traceId: record.traceId,
          spanId: record.spanId,
          service,
          severity: String(record.severityText ?? ""),
          body: String(anyValue(obj(record.body)) ?? ""),
          timeMs: Number(BigInt(String(record.timeUnixNano ?? "0")) / 1000n) / 1000,
          attributes: attributes(record.attributes),
        });
      }
    }
  }
  return out;
}

/**
 * Adds an `ExportMetricsServiceRequest`'s server-duration points to `rows`
 * (delta points: adding them up gives the totals).
 */
export function addMetrics(rows: Map<string, RouteRow>, body: unknown): void {
  for (const rm of list(obj(body).resourceMetrics)) {
    const service = String(attributes(obj(rm.resource).attributes)["service.name"] ?? "unknown");
    for (const sm of list(rm.scopeMetrics)) {
      for (const metric of list(sm.metrics)) {
        if (metric.name !== "http.server.request.duration") continue;
        for (const point of list(obj(metric.histogram).dataPoints)) {
          const attrs = attributes(point.attributes);
          const caller = String(attrs["edge_trace.caller.route"] ?? "*");
          const method = String(attrs["http.request.method"] ?? "");
          const route = `${method} ${String(attrs["http.route"] ?? "")}`.trim();
          const key = `${service}\u0000${caller}\u0000${route}`;
          const bounds = list(point.explicitBounds).map(Number);
          let row = rows.get(key);
          if (!row) {
            row = {
              service,
              caller,
              route,
              count: 0,
              sum: 0,
              min: Infinity,
              max: 0,
              bounds,
              buckets: [],
            };
            rows.set(key, row);
          }
          row.count += Number(point.count ?? 0);
          row.sum += Number(point.sum ?? 0);
          row.min = Math.min(row.min, Number(point.min ?? 0));
          row.max = Math.max(row.max, Number(point.max ?? 0));
          list(point.bucketCounts).forEach((n, i) => {
            row.buckets[i] = (row.buckets[i] ?? 0) + Number(n);
          });
        }
      }
    }
  }
}

/**
 * The p95 estimated from the histogram, interpolating inside the bucket it
 * falls in (narrowed to the smallest and largest values seen), as a backend would.
 * @returns seconds.
 */
export function p95(row: RouteRow): number {
  const rank = 0.95 * row.count;
  let seen = 0;
  for (let i = 0; i < row.buckets.length; i++) {
    const n = row.buckets[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const low = Math.max(i === 0 ? 0 : (row.bounds[i - 1] ?? 0), row.min);
      const high = Math.max(Math.min(row.bounds[i] ?? row.max, row.max), low);
      return low + (high - low) * ((rank - seen) / n);
    }
    seen += n;
  }
  return row.max;
}

function attributes(kvs: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list(kvs) as unknown as KeyValue[]) out[key] = anyValue(value);
  return out;
}

function anyValue(value: Json): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  return undefined;
}
