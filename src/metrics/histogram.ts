/**
 * An explicit-bucket histogram with delta temporality: points keyed by
 * their attribute set, a cardinality limit per metric with the overflow
 * point the SDK specification asks for, and one exemplar per bucket (the
 * latest sampled measurement that fell in it).
 * @see https://opentelemetry.io/docs/specs/otel/metrics/sdk/#explicit-bucket-histogram-aggregation
 * @see https://opentelemetry.io/docs/specs/otel/metrics/sdk/#cardinality-limits
 * @see https://opentelemetry.io/docs/specs/otel/metrics/sdk/#alignedhistogrambucketexemplarreservoir
 * @module
 */

/** The semantic conventions' advice for `http.*.request.duration`, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** The SDK specification's default cardinality limit. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** The attribute the overflow point carries. */
export const OVERFLOW_ATTRIBUTES: Readonly<Record<string, unknown>> = {
  "otel.metric.overflow": true,
};

/** A sampled measurement kept with its bucket, so a slow bucket links to a trace. */
export interface Exemplar {
  readonly time: number;
  readonly value: number;
  readonly traceId: string;
  readonly spanId: string;
}

/** One attribute set's aggregation since the last collection. */
export interface HistogramPoint {
  readonly attributes: Readonly<Record<string, unknown>>;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** One more than the bounds: the last counts values above the last bound. */
  readonly buckets: number[];
  readonly exemplars: (Exemplar | undefined)[];
}

/** A histogram's points, as collected. */
export interface Collected {
  readonly start: number;
  readonly end: number;
  readonly points: readonly HistogramPoint[];
}

/** A delta histogram; `collect()` hands over the points and starts a new interval. */
export class Histogram {
  readonly bounds: readonly number[];
  readonly #limit: number;
  #points = new Map<string, HistogramPoint>();
  #start: number;

  constructor(limit: number, now: number, bounds: readonly number[] = DURATION_BUCKETS) {
    this.bounds = bounds;
    this.#limit = Math.max(1, limit);
    this.#start = now;
  }

  /** Attribute sets recorded since the last collection. */
  get size(): number {
    return this.#points.size;
  }

  /**
   * @param key - a string naming the attribute set (the caller builds it cheaply).
   * @param attributes - made only when the set is new.
   * @param value - the measurement.
   * @param exemplar - for a sampled measurement.
   */
  record(
    key: string,
    attributes: () => Readonly<Record<string, unknown>>,
    value: number,
    exemplar?: Exemplar,
  ): void {
    let point = this.#points.get(key);
    if (!point) {
      // Past the limit, new sets go to the one overflow point (the limit counts it).
      const overflow = this.#points.size >= this.#limit - 1;
      const slot = overflow ? "\u0000overflow" : key;
      point = this.#points.get(slot);
      if (!point) {
        point = newPoint(overflow ? OVERFLOW_ATTRIBUTES : attributes(), this.bounds.length + 1);
        this.#points.set(slot, point);
      }
    }
    let bucket = 0;
    while (bucket < this.bounds.length && value > this.bounds[bucket]!) bucket++;
    point.count++;
    point.sum += value;
    if (value < point.min) point.min = value;
    if (value > point.max) point.max = value;
    point.buckets[bucket]!++;
    if (exemplar) point.exemplars[bucket] = exemplar;
  }

  /**
   * @param now - the end of the interval (epoch ms).
   * @returns the interval's points; the histogram starts empty from `now`.
   */
  collect(now: number): Collected {
    const collected = { start: this.#start, end: now, points: [...this.#points.values()] };
    this.#points = new Map();
    this.#start = now;
    return collected;
  }
}

function newPoint(attributes: Readonly<Record<string, unknown>>, buckets: number): HistogramPoint {
  return {
    attributes,
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    buckets: new Array<number>(buckets).fill(0),
    exemplars: new Array<Exemplar | undefined>(buckets).fill(undefined),
  };
}
