/**
 * The options every adapter's `withTrace` (and Hono's `tracing`) accepts.
 * @module
 */
import type { InboundPolicy } from "../core/inbound.js";
import type { OnError } from "./diagnostics.js";
import type { Compression } from "./env-config.js";
import type { ExportFunction } from "./exporter.js";
import type { ResourceOptions } from "./resource.js";
import type { TracerOptions } from "./tracer.js";

/**
 * Where spans go and how they are batched. Each option wins over its
 * `OTEL_*` variable; see the README's "Exporting spans".
 */
export interface ExportOptions extends ResourceOptions {
  /**
   * `"otlp"`, `"console"`, `"none"` or your own function. Default: `"otlp"`
   * when an endpoint is configured (here or by `OTEL_EXPORTER_OTLP_*`),
   * else `OTEL_TRACES_EXPORTER`, else none (propagation only, no network).
   * A `sink` option replaces all of this.
   */
  readonly exporter?: "otlp" | "console" | "none" | ExportFunction | undefined;
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
  /** Spans buffered at most; more are dropped and reported. Default 2048. */
  readonly maxQueueSize?: number | undefined;
  /** Spans per export request. Default 512. */
  readonly maxExportBatchSize?: number | undefined;
  /**
   * Long-running servers: export every this many ms and whenever a batch
   * fills. 0 turns the timer off. Workers and Lambda never use a timer (they
   * flush per request); the fetch adapter turns it on with 5000 by default.
   */
  readonly scheduledDelayMs?: number | undefined;
  /** Receives dropped-span counts, export failures and bad configuration. Default: ignore. */
  readonly onError?: OnError | undefined;
  /** Export nothing (context still propagates). Like `OTEL_SDK_DISABLED=true`. */
  readonly disabled?: boolean | undefined;
}

/** Options shared by every adapter. */
export interface TraceOptions<R = Request> extends TracerOptions, ExportOptions {
  /**
   * Whether to continue the caller's trace: `"trust"` (default), `"ignore"`
   * (start a new trace, link the caller's, drop its baggage), or a
   * predicate per request.
   */
  readonly inbound?: InboundPolicy<R> | undefined;
}
