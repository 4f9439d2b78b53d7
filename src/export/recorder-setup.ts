/**
 * What every exporter shares: read the `OTEL_*` variables, build the
 * resource and the batching sink, and hand the tracer a {@link Recorder}.
 * Only exporters import this module, so a Worker without one bundles none
 * of it.
 * @module
 */

import type { EnvRecord } from "../trace/env-record.js";
import { guard } from "../trace/guard.js";
import type { Recorder, RuntimeHints } from "../trace/recorder.js";
import { BatchSink } from "./batch-sink.js";
import { createReporter, type OnError, type Report } from "./diagnostics.js";
import { type EnvConfig, overlay, readEnvConfig } from "./env-config.js";
import type { ExportFunction } from "./export-function.js";
import { HTTP_CONVENTIONS } from "./http-attributes.js";
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from "./limits.js";
import { SPAN_RECORDING } from "./recording-operations.js";
import { startSpan } from "./recording-span.js";
import { createResource, type ResourceOptions } from "./resource.js";
import { sharedFlush } from "./shared-flush.js";

/** Options every exporter takes. Each wins over its `OTEL_*` variable. */
export interface ExportOptions extends ResourceOptions {
  /** Spans buffered at most; more are dropped and reported. Default 2048 (`OTEL_BSP_MAX_QUEUE_SIZE`). */
  readonly maxQueueSize?: number | undefined;
  /** Spans per export request. Default 512 (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`). */
  readonly maxExportBatchSize?: number | undefined;
  /**
   * Long-running servers (Deno, Bun, Node): export every this many ms and
   * whenever a batch fills; 0 turns the timer off. Default 5000
   * (`OTEL_BSP_SCHEDULE_DELAY`). Workers and Lambda never use a timer: they
   * flush per invocation.
   */
  readonly scheduledDelayMs?: number | undefined;
  /** Per-span limits on attributes, events and links. */
  readonly spanLimits?: Partial<SpanLimits> | undefined;
  /** Receives dropped-span counts, export failures and bad configuration. Default: ignore. */
  readonly onError?: OnError | undefined;
  /** Record and export nothing (context still propagates). Like `OTEL_SDK_DISABLED=true`. */
  readonly disabled?: boolean | undefined;
  /** The span clock (epoch ms, fractional), injectable for tests. */
  readonly clock?: (() => number) | undefined;
}

/**
 * Builds an exporter's export function from the settings: each option that
 * is set, else its variable. Objects are merged, the options' keys winning
 * (headers over `OTEL_EXPORTER_OTLP_HEADERS`).
 */
export type MakeExport<O> = (settings: EnvConfig & O, report: Report) => ExportFunction;

/**
 * @param options - the exporter's options.
 * @param env - where `OTEL_*` variables are read from.
 * @param hints - the adapter's runtime hints.
 * @param makeExport - the export function, given the variables.
 * @returns the recorder, or `undefined` when export is disabled.
 * @example
 * const exporter: Exporter = { setup: (env, hints) => setupRecorder({}, env, hints, () => send) };
 */
export function setupRecorder<O extends ExportOptions>(
  options: O,
  env: EnvRecord | undefined,
  hints: RuntimeHints,
  makeExport: MakeExport<O>,
): Recorder | undefined {
  const report = createReporter(options.onError);
  const config = readEnvConfig(env, report);
  const settings: Record<string, unknown> = { ...config };
  for (const key in options) {
    if (options[key] !== undefined) overlay(settings, key, options[key]);
  }
  const merged = settings as unknown as EnvConfig & O;
  if (merged.disabled) return undefined;
  const sink = new BatchSink({
    ...merged,
    exporter: makeExport(merged, report),
    resource: createResource(options, config, hints.serviceName, report),
    scheduledDelayMs: timerDelay(options, config, hints),
    report,
  });
  // Monotonic within a process. Workers only advance it on I/O (the
  // platform's timing-attack mitigation): spans there measure I/O, not CPU.
  const now = () => performance.timeOrigin + performance.now();
  const host = {
    // A test clock that throws must not end the request it times.
    now: options.clock ? guard(report, "clock", options.clock, now) : now,
    limits: { ...DEFAULT_SPAN_LIMITS, ...options.spanLimits },
    onEnd: sink.onEnd,
    onInvalid: (count: number, spanName: string) =>
      report({ type: "attributes-dropped", count, reason: "invalid-value", spanName }),
  };
  return {
    sampler: config.sampler,
    report,
    sink,
    http: HTTP_CONVENTIONS,
    start: (start) => startSpan(host, start),
    flushShared: sharedFlush(sink),
    record: SPAN_RECORDING,
  };
}

/**
 * @param options - the exporter's options.
 * @param env - the variables.
 * @param hints - the adapter's runtime hints.
 * @returns the batch timer's period: never in Workers and Lambda (`timer: false`);
 *   the options', the variable's or 5000 ms in long-running servers
 *   (`timer: true`); otherwise only when the options ask for one.
 */
export function timerDelay(options: ExportOptions, env: EnvConfig, hints: RuntimeHints): number {
  if (hints.timer === false) return 0;
  if (hints.timer) return options.scheduledDelayMs ?? env.scheduledDelayMs ?? 5000;
  return options.scheduledDelayMs ?? 0;
}
