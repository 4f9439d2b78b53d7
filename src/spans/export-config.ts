/**
 * Turns options and `OTEL_*` variables into the sampler and the span sink:
 * options win over variables; with no endpoint and no exporter, nothing is
 * exported and no request is ever made.
 * @module
 */
import { BatchSink, DEFAULT_BATCH } from "./batch-sink.js";
import { createConsoleExporter } from "./console-exporter.js";
import type { Report } from "./diagnostics.js";
import { type EnvConfig, type ExporterName, tracesUrl } from "./env-config.js";
import { type ExportFunction, fanOut } from "./exporter.js";
import type { ExportOptions } from "./options.js";
import { createOtlpExporter } from "./otlp-exporter.js";
import { createResource } from "./resource.js";
import type { Sampler } from "./sampler.js";
import { DEFAULT_SAMPLER } from "./sampler-config.js";
import type { Attributes } from "./types.js";

/** The OTLP/HTTP default, used when `"otlp"` is asked for without an endpoint. */
export const DEFAULT_OTLP_URL = "http://localhost:4318/v1/traces";

/** What an adapter may decide for its runtime. */
export interface RuntimeHints {
  /**
   * `true`: batch on a timer (long-running servers; `scheduledDelayMs`,
   * else `OTEL_BSP_SCHEDULE_DELAY`, else 5000). `false`: never a timer
   * (Workers, Lambda: they flush per request). Unset: a timer only when the
   * user set `scheduledDelayMs`.
   */
  readonly timer?: boolean | undefined;
}

/** The resolved export configuration. */
export interface ResolvedExport {
  readonly sampler: Sampler;
  /** `undefined` when nothing is exported. */
  readonly sink: BatchSink | undefined;
  readonly resource: Attributes;
  /** The exporters in use, such as `["otlp"]`, `["custom"]` or `[]`. */
  readonly exporters: readonly string[];
  /** The OTLP traces URL, when exporting with OTLP. */
  readonly url: string | undefined;
  /** The timer period; 0 for none. */
  readonly scheduledDelayMs: number;
}

/**
 * @param options - the user's options (they win).
 * @param env - what the `OTEL_*` variables said.
 * @param runtime - the adapter's hints.
 * @param extra - the sampler, sink and fetch the user passed, and the reporter.
 * @returns the sampler, sink and what they were built from.
 */
export function resolveExport(
  options: ExportOptions,
  env: EnvConfig,
  runtime: RuntimeHints,
  extra: {
    readonly sampler?: Sampler | undefined;
    readonly fetch?: typeof fetch | undefined;
    readonly report: Report;
  },
): ResolvedExport {
  const sampler = extra.sampler ?? env.sampler ?? DEFAULT_SAMPLER;
  const resource = createResource(options, env);
  const url = otlpUrl(options, env, extra.report);
  const names = exporterNames(options, env, url);
  const none = { sampler, sink: undefined, resource, exporters: [], url: undefined };
  if ((options.disabled ?? env.disabled) || names.length === 0) {
    return { ...none, scheduledDelayMs: 0 };
  }
  const exporters: ExportFunction[] = names.map((name) => {
    if (typeof name === "function") return name;
    if (name === "console") return createConsoleExporter();
    return createOtlpExporter({
      url: url ?? DEFAULT_OTLP_URL,
      headers: { ...env.headers, ...options.headers },
      timeoutMs: options.timeoutMs ?? env.timeoutMs,
      compression: options.compression ?? env.compression,
      fetch: extra.fetch,
      report: extra.report,
    });
  });
  const scheduledDelayMs = timerDelay(options, env, runtime);
  const sink = new BatchSink({
    exporter: fanOut(exporters),
    resource,
    maxQueueSize: options.maxQueueSize ?? env.maxQueueSize,
    maxExportBatchSize: options.maxExportBatchSize ?? env.maxExportBatchSize,
    scheduledDelayMs,
    report: extra.report,
  });
  const labels = names.map((name) => (typeof name === "function" ? "custom" : name));
  const usesOtlp = labels.includes("otlp");
  return {
    sampler,
    sink,
    resource,
    exporters: labels,
    url: usesOtlp ? (url ?? DEFAULT_OTLP_URL) : undefined,
    scheduledDelayMs,
  };
}

function exporterNames(
  options: ExportOptions,
  env: EnvConfig,
  url: string | undefined,
): Array<Exclude<ExporterName, "none"> | ExportFunction> {
  const chosen = options.exporter ?? env.exporters ?? (url === undefined ? "none" : "otlp");
  const list = Array.isArray(chosen) ? chosen : [chosen];
  return list.filter(
    (name): name is Exclude<ExporterName, "none"> | ExportFunction => name !== "none",
  );
}

function otlpUrl(options: ExportOptions, env: EnvConfig, report: Report): string | undefined {
  if (options.endpoint === undefined) return env.endpoint;
  const given = options.endpoint;
  const url =
    /\/v1\/traces\/?$/.test(given) && URL.canParse(given) ? new URL(given).href : tracesUrl(given);
  if (url === undefined)
    report({ type: "invalid-config", key: "endpoint", message: "not an absolute URL" });
  return url ?? env.endpoint;
}

function timerDelay(options: ExportOptions, env: EnvConfig, runtime: RuntimeHints): number {
  if (runtime.timer === false) return 0;
  if (runtime.timer === true) {
    return options.scheduledDelayMs ?? env.scheduledDelayMs ?? DEFAULT_BATCH.scheduledDelayMs;
  }
  return options.scheduledDelayMs ?? 0;
}
