/**
 * `otlp()`'s options and the one setup both of its entry points share:
 * `edge-trace/otlp` (JSON only) calls it without a protobuf codec,
 * `edge-trace/otlp-protobuf` with one. Without the codec, a signal asked
 * for `http/protobuf` (the option or a variable) is turned off at start
 * with one diagnostic that names the import to add (spans: the whole
 * exporter): nothing is ever sent in an encoding the user did not ask for.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 * @module
 */

import type { Exporter } from "../trace/recorder.js";
import type { Compression } from "./env-config.js";
import type { OtlpEncoding, Sign } from "./otlp-encoding.js";
import { createOtlpExporter } from "./otlp-exporter.js";
import { PROTOBUF_NEEDS_IMPORT, type Protocol } from "./otlp-protocol.js";
import { endpointUrl } from "./otlp-url.js";
import { type ExportOptions, setupRecorder } from "./recorder-setup.js";
import type { Signal } from "./signal.js";

/** The OTLP/HTTP default endpoint, used when neither the options nor the variables name one. */
export const DEFAULT_OTLP_URL = "http://localhost:4318/v1/traces";

/** Options of `otlp()`; each wins over its `OTEL_EXPORTER_OTLP_*` variable. */
export interface OtlpOptions extends ExportOptions {
  /**
   * The collector's base URL; `/v1/traces` is appended unless the path
   * already ends with it. Like `OTEL_EXPORTER_OTLP_ENDPOINT`.
   */
  readonly endpoint?: string | undefined;
  /** Headers of every export request, such as an API key; merged over `OTEL_EXPORTER_OTLP_HEADERS`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The most one batch export may take, retries included; capped by the flush deadline. Default 10000. */
  readonly timeoutMs?: number | undefined;
  /** `"gzip"` (where the runtime has `CompressionStream`) or `"none"` (default). */
  readonly compression?: Compression | undefined;
  /**
   * `"http/json"` (default) or `"http/protobuf"`, for every signal; like
   * `OTEL_EXPORTER_OTLP_PROTOCOL`. Protobuf needs `otlp` from
   * `edge-trace/otlp-protobuf`.
   */
  readonly protocol?: Protocol | undefined;
  /**
   * Called on every export request after its body is final (gzip
   * included), to sign it or add what static headers cannot. A throw or
   * rejection drops the batch and is reported to `onError`.
   */
  readonly sign?: Sign | undefined;
  /** The `fetch` export requests use. Default: the global one, never traced. */
  readonly fetch?: typeof fetch | undefined;
  /** Also export `trace.log` records: `otlpLogs()` from `edge-trace/logs`. */
  readonly logs?: Signal | undefined;
  /** Also export HTTP request metrics: `httpMetrics()` from `edge-trace/metrics`. */
  readonly metrics?: Signal | undefined;
}

/**
 * @param options - `otlp()`'s options.
 * @param protobuf - the codec; absent in `edge-trace/otlp`.
 * @returns the exporter.
 * @example
 * export const otlp = (options: OtlpOptions = {}): Exporter => createOtlp(options, OTLP_PROTOBUF);
 */
export function createOtlp(options: OtlpOptions, protobuf?: OtlpEncoding): Exporter {
  return {
    setup(env, hints) {
      let off: boolean | undefined;
      let recorder = setupRecorder(options, env, hints, (settings, report) => {
        const asked = settings.protocol === "http/protobuf";
        off = asked && !protobuf;
        if (off)
          report({ type: "invalid-config", key: "protocol", message: PROTOBUF_NEEDS_IMPORT });
        return createOtlpExporter({
          ...settings,
          url: endpointUrl(options.endpoint, report) ?? settings.url ?? DEFAULT_OTLP_URL,
          giveUpOn: hints.giveUpOn,
          report,
          encoding: asked ? protobuf : undefined,
        });
      });
      if (off) return undefined;
      // Logs and metrics are imported signals: each adds its hook and joins the flushes.
      for (const signal of [options.logs, options.metrics]) {
        if (recorder && signal) recorder = signal(recorder, { env, hints, options, protobuf });
      }
      return recorder;
    },
  };
}
