/**
 * What a signal besides spans (logs from `edge-trace/logs`, metrics from
 * `edge-trace/metrics`) is to `otlp()`: a function that takes the span
 * recorder and returns it with its hook set. `otlp()` only calls it, so an
 * exporting Worker that imports neither signal bundles none of their code.
 * @module
 */

import type { EnvRecord } from "../trace/env-record.js";
import type { Recorder, RuntimeHints } from "../trace/recorder.js";
import type { Attributes } from "../trace/span-data.js";
import type { OnError } from "./diagnostics.js";
import type { Compression } from "./env-config.js";
import type { OtlpEncoding, Sign } from "./otlp-encoding.js";
import type { Protocol } from "./otlp-protocol.js";

/** The options of `otlp()` a signal reads: where and how to send, and the resource. */
export interface SignalOptions {
  readonly endpoint?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs?: number | undefined;
  readonly compression?: Compression | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly onError?: OnError | undefined;
  readonly serviceName?: string | undefined;
  readonly serviceVersion?: string | undefined;
  readonly resourceAttributes?: Attributes | undefined;
  readonly scheduledDelayMs?: number | undefined;
  /** `http/json` or `http/protobuf`; wins over the `…_PROTOCOL` variables. */
  readonly protocol?: Protocol | undefined;
  /** Called on every export request after its body is final. */
  readonly sign?: Sign | undefined;
}

/** What a signal is given when the adapter sets up its exporter. */
export interface SignalContext {
  /** Where `OTEL_*` variables are read from (a Worker's `env`, `process.env`, `Deno.env`). */
  readonly env: EnvRecord | undefined;
  readonly hints: RuntimeHints;
  /** The options given to `otlp()`. */
  readonly options: SignalOptions;
  /** The protobuf codec, when `otlp` came from `edge-trace/otlp-protobuf`. */
  readonly protobuf?: OtlpEncoding | undefined;
}

/**
 * A signal for `otlp({ logs, metrics })`, made by `otlpLogs()` or
 * `httpMetrics()`: `otlp()` calls it with its span recorder.
 */
export interface Signal {
  /**
   * Adds the signal's hook to the span recorder and joins its export to the recorder's flushes.
   * @internal Called by `otlp()`; the `Recorder` is internal.
   */
  (recorder: Recorder, context: SignalContext): Recorder;
}
