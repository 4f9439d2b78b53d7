/**
 * `otlpLogs()`: `trace.log` records exported as OTLP/HTTP JSON to
 * `/v1/logs`, batched and bounded like spans and sent on the same flushes.
 * @see https://opentelemetry.io/docs/specs/otel/logs/sdk/#batching-processor
 * @module
 */

import type { Signal } from "../export/signal.js";
import { SDK_NAME, VERSION } from "../export/version.js";
import { boundedFlights, joinFlush } from "../signals/join-flush.js";
import { postOtlp } from "../signals/otlp-post.js";
import { keyValues } from "../signals/otlp-values.js";
import { positiveInt, signalConfig } from "../signals/signal-config.js";
import { type OtlpLogRecord, toLogRecord } from "./log-record.js";

/** Options of {@link otlpLogs}; each wins over its variable. */
export interface OtlpLogsOptions {
  /**
   * The full logs URL. Default, first found: `otlp()`'s `endpoint` + `/v1/logs`,
   * `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/logs`,
   * `http://localhost:4318/v1/logs`.
   */
  readonly endpoint?: string | undefined;
  /** Records buffered at most; more are dropped and reported. Default 2048 (`OTEL_BLRP_MAX_QUEUE_SIZE`). */
  readonly maxQueueSize?: number | undefined;
  /** Records per export request. Default 512 (`OTEL_BLRP_MAX_EXPORT_BATCH_SIZE`). */
  readonly maxExportBatchSize?: number | undefined;
  /**
   * @deprecated Ignored: on servers one timer sends spans, logs and metrics
   * together, every `scheduledDelayMs` of `otlp()` (`OTEL_BSP_SCHEDULE_DELAY`).
   */
  readonly scheduledDelayMs?: number | undefined;
}

/**
 * Exports `trace.log.debug/info/warn/error` records, sampled or not, with
 * the trace id, span id and flags of the span they were written in, the
 * same resource as the spans, `severityNumber`/`severityText`, the message
 * as body and the fields as attributes. The console lines stay as they are.
 *
 * @param options - endpoint and batching.
 * @returns the signal, for `otlp({ logs })`.
 * @example
 * import { otlp } from "edge-trace/otlp";
 * import { otlpLogs } from "edge-trace/logs";
 * export default withTrace(handler, { exporter: otlp({ logs: otlpLogs() }) });
 * @see https://opentelemetry.io/docs/specs/otel/logs/data-model/
 */
export function otlpLogs(options: OtlpLogsOptions = {}): Signal {
  return function logs(recorder, context) {
    const config = signalConfig("logs", context, options.endpoint);
    // Off (and reported) when it asks for protobuf from an `otlp` without the encoder.
    if (!config) return recorder;
    const { report, variable } = config;
    const maxQueue = positiveInt(
      options.maxQueueSize ?? variable("OTEL_BLRP_MAX_QUEUE_SIZE"),
      2048,
    );
    const batchSize = positiveInt(
      options.maxExportBatchSize ?? variable("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"),
      512,
    );
    let queue: OtlpLogRecord[] = [];
    let dropped = 0;

    const flush = boundedFlights(async (deadline: number): Promise<void> => {
      if (dropped > 0) {
        report({ type: "signal-dropped", signal: "logs", count: dropped, reason: "queue-full" });
        dropped = 0;
      }
      const taken = queue;
      queue = [];
      const sends: Promise<void>[] = [];
      for (let i = 0; i < taken.length; i += batchSize) {
        const batch = taken.slice(i, i + batchSize);
        const body = {
          resourceLogs: [
            {
              resource: { attributes: keyValues(config.resource) },
              scopeLogs: [{ scope: { name: SDK_NAME, version: VERSION }, logRecords: batch }],
            },
          ],
        };
        sends.push(
          postOtlp(config, body, deadline).catch((error: unknown) =>
            report({
              type: "signal-dropped",
              signal: "logs",
              count: batch.length,
              reason: "export-failed",
              error,
            }),
          ),
        );
      }
      await Promise.all(sends);
    });
    // Sent on the spans' flushes and, on servers, by their one timer.
    const schedule = joinFlush(recorder.sink, flush);

    return {
      ...recorder,
      logWriter: (write) =>
        function exportLine(line) {
          write(line);
          try {
            if (queue.length >= maxQueue) {
              dropped++;
              return;
            }
            const record = toLogRecord(line, Date.now());
            if (record) queue.push(record);
            schedule();
          } catch {
            // Log export never breaks the handler.
          }
        },
    };
  };
}
