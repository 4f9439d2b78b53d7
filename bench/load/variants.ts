/**
 * The Workers the load and cold-start sections compare, each making one
 * outbound fetch per request to the local upstream.
 * @module
 */

/** One Worker variant. */
export interface WorkerVariant {
  readonly id: string;
  readonly label: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** Runs with the `nodejs_compat` flag (otel-cf-workers needs it). */
  readonly nodejsCompat?: boolean | undefined;
}

const dir = "bench/load/workers";

/** In report order; the first is the base of every ratio. */
export const WORKER_VARIANTS: readonly WorkerVariant[] = [
  { id: "bare", label: "bare Worker", file: `${dir}/bare.ts` },
  {
    id: "edge-propagation",
    label: "edge-trace withTrace, propagation only",
    file: `${dir}/edge-propagation.ts`,
  },
  {
    id: "edge-otlp",
    label: "edge-trace withTrace + OTLP export",
    file: `${dir}/edge-otlp.ts`,
  },
  {
    id: "edge-otlp-logs",
    label: "edge-trace withTrace + OTLP spans and logs",
    file: `${dir}/edge-otlp-logs.ts`,
  },
  {
    id: "edge-otlp-metrics",
    label: "edge-trace withTrace + OTLP spans and metrics",
    file: `${dir}/edge-otlp-metrics.ts`,
  },
  {
    id: "edge-otlp-signals",
    label: "edge-trace withTrace + OTLP spans, logs and metrics",
    file: `${dir}/edge-otlp-signals.ts`,
  },
  {
    id: "otel-cf-workers",
    label: "otel-cf-workers + OTLP export",
    file: `${dir}/otel-cf-workers.ts`,
    nodejsCompat: true,
  },
  {
    id: "otel-cf-workers-no-export",
    label: "otel-cf-workers, export off",
    file: `${dir}/otel-cf-workers-no-export.ts`,
    nodejsCompat: true,
  },
];
