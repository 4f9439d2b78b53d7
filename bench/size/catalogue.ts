/**
 * What the size benchmark measures: the package's entry points, and typical
 * Workers written with edge-trace next to the same Workers written with the
 * incumbents (bench/size/workers/).
 * @module
 */

/** Who the bytes belong to. */
export type Library = "edge-trace" | "incumbent" | "baseline";

/** One Worker to bundle. Paths are relative to the repository root. */
export interface WorkerFixture {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly library: Library;
  /** Source files that must exist to build it (adapters still being written). */
  readonly requires?: readonly string[] | undefined;
  /** Needs the `nodejs_compat` flag (its `node:*` imports stay external in the esbuild column). */
  readonly nodejsCompat?: boolean | undefined;
}

const dir = "bench/size/workers";

/** The Workers, in report order: each edge-trace Worker beside its incumbent equivalent. */
export const WORKERS: readonly WorkerFixture[] = [
  { id: "bare", label: "bare Worker (one fetch)", file: `${dir}/bare.ts`, library: "baseline" },
  {
    id: "edge-core",
    label: "edge-trace core: extract + inject",
    file: `${dir}/edge-core.ts`,
    library: "edge-trace",
  },
  {
    id: "edge-propagation",
    label: "edge-trace withTrace, propagation only",
    file: `${dir}/edge-propagation.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts"],
  },
  {
    id: "otel-propagation",
    label: "@opentelemetry/api + core, propagation only",
    file: `${dir}/otel-propagation.ts`,
    library: "incumbent",
  },
  {
    id: "edge-otlp",
    label: "edge-trace withTrace + OTLP export",
    file: `${dir}/edge-otlp.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts"],
  },
  {
    id: "edge-otlp-protobuf",
    label: "edge-trace withTrace + OTLP export, protobuf-capable (edge-trace/otlp-protobuf)",
    file: `${dir}/edge-otlp-protobuf.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts", "src/otlp-protobuf.ts"],
  },
  {
    id: "edge-otlp-logs",
    label: "edge-trace withTrace + OTLP spans and logs",
    file: `${dir}/edge-otlp-logs.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts", "src/logs.ts"],
  },
  {
    id: "edge-otlp-metrics",
    label: "edge-trace withTrace + OTLP spans and metrics",
    file: `${dir}/edge-otlp-metrics.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts", "src/metrics.ts"],
  },
  {
    id: "edge-otlp-signals",
    label: "edge-trace withTrace + OTLP spans, logs and metrics",
    file: `${dir}/edge-otlp-signals.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts", "src/logs.ts", "src/metrics.ts"],
  },
  {
    id: "otel-cf-workers",
    label: "otel-cf-workers + OTLP export",
    file: `${dir}/otel-cf-workers.ts`,
    library: "incumbent",
    nodejsCompat: true,
  },
  {
    id: "edge-otlp-opentelemetry",
    label: "edge-trace withTrace + OTLP + edge-trace/opentelemetry (+ @opentelemetry/api)",
    file: `${dir}/edge-otlp-opentelemetry.ts`,
    library: "edge-trace",
    requires: ["src/workers.ts", "src/opentelemetry.ts"],
    nodejsCompat: true,
  },
  {
    id: "otel-sdk-trace-base",
    label: "@opentelemetry/api + sdk-trace-base provider, no exporter",
    file: `${dir}/otel-sdk-trace-base.ts`,
    library: "incumbent",
  },
  { id: "hono", label: "Hono (one route)", file: `${dir}/hono.ts`, library: "baseline" },
  {
    id: "edge-hono-otlp",
    label: "Hono + edge-trace tracing() + OTLP",
    file: `${dir}/edge-hono-otlp.ts`,
    library: "edge-trace",
    requires: ["src/hono.ts"],
  },
  {
    id: "hono-otel",
    label: "Hono + @hono/otel + otel-cf-workers",
    file: `${dir}/hono-otel.ts`,
    library: "incumbent",
    nodejsCompat: true,
  },
];

/** The package's entry points as published (dist/, after `npm run build`). */
export const ENTRY_POINTS: readonly { readonly id: string; readonly file: string }[] = [
  { id: "edge-trace", file: "dist/index.js" },
  { id: "edge-trace/workers", file: "dist/workers.js" },
  { id: "edge-trace/lambda", file: "dist/lambda.js" },
  { id: "edge-trace/fetch", file: "dist/fetch.js" },
  { id: "edge-trace/hono", file: "dist/hono.js" },
  { id: "edge-trace/logs", file: "dist/logs.js" },
  { id: "edge-trace/metrics", file: "dist/metrics.js" },
];

/**
 * @param id - a Worker id from {@link WORKERS}.
 * @returns the fixture.
 */
export function workerFixture(id: string): WorkerFixture {
  const fixture = WORKERS.find((w) => w.id === id);
  if (!fixture) throw new Error(`no Worker fixture "${id}"`);
  return fixture;
}
