/**
 * The seam between a trace and `edge-trace/opentelemetry`: what the
 * `openTelemetry` option holds. The trace path only calls it when the
 * option is set; the bridge itself (a context manager on AsyncLocalStorage,
 * a `TracerProvider`, a propagator) arrives with that import, so a Worker
 * that does not use it bundles none of it.
 * @module
 */
import type { OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";

/** What the bridge needs of the tracer a trace came from: how it propagates. */
export interface PropagationHost {
  readonly propagators: readonly Propagator[];
  readonly outbound: OutboundPolicy | undefined;
}

/**
 * What `openTelemetry({ AsyncLocalStorage })` from `edge-trace/opentelemetry`
 * returns, to pass as the `openTelemetry` option of every adapter. Adapters
 * and the `Trace` call it; application code does not. `T` is the `Trace`
 * (a parameter, so that this seam names no module above it).
 */
export interface OpenTelemetryBridge<T> {
  /**
   * Runs `fn` with `trace` as the active span of `@opentelemetry/api`
   * (`trace.getActiveSpan()`), so that spans started through the API are its children.
   */
  run<R>(host: PropagationHost, trace: T, fn: () => R): R;
  /**
   * The trace a child of `trace` starts from: `trace` itself, or the span
   * active in the API when that span runs inside `trace`, so that both APIs
   * make one tree.
   */
  parentOf(trace: T): T;
}
