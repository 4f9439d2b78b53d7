/**
 * The options every adapter's `withTrace` (and Hono's `tracing`) accepts.
 * @module
 */
import type { InboundPolicy } from "../core/inbound.js";
import type { Exporter } from "./recorder.js";
import type { TracerOptions } from "./tracer.js";

/** Options shared by every adapter. */
export interface TraceOptions<R = Request> extends TracerOptions {
  /**
   * Records spans and sends them somewhere: `otlp()` from `edge-trace/otlp`,
   * `consoleExporter()` or `exportSpans(fn)` from `edge-trace/export`.
   * Default: none — no span is recorded, context still propagates.
   */
  readonly exporter?: Exporter | undefined;
  /**
   * Whether to continue the caller's trace: `"trust"` (default), `"ignore"`
   * (start a new trace, link the caller's, drop its baggage), or a
   * predicate per request.
   */
  readonly inbound?: InboundPolicy<R> | undefined;
}
