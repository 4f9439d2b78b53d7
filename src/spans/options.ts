/**
 * The options every adapter's `withTrace` (and Hono's `tracing`) accepts.
 * @module
 */
import type { InboundPolicy } from "../core/inbound.js";
import type { TracerOptions } from "./tracer.js";

/** Options shared by every adapter. */
export interface TraceOptions<R = Request> extends TracerOptions {
  /**
   * Whether to continue the caller's trace: `"trust"` (default), `"ignore"`
   * (start a new trace, link the caller's, drop its baggage), or a
   * predicate per request.
   */
  readonly inbound?: InboundPolicy<R> | undefined;
}
