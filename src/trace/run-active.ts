/**
 * The one call every adapter and `trace.span()` make to run code with a
 * trace active in `@opentelemetry/api`: a plain call unless the adapter was
 * given `openTelemetry` (the bridge arrives with that import).
 * @module
 */
import type { OpenTelemetryBridge, PropagationHost } from "./api-bridge.js";

/**
 * Runs a handler with its trace active in `@opentelemetry/api` when the
 * adapter was given `openTelemetry`; otherwise just runs it.
 * @param host - the adapter's tracer.
 * @param trace - the invocation's trace.
 * @param fn - the user's code.
 * @returns what `fn` returns.
 */
export function runActive<T, R>(
  host: PropagationHost & {
    readonly options: { readonly openTelemetry?: OpenTelemetryBridge<T> | undefined };
  },
  trace: T,
  fn: () => R,
): R {
  const bridge = host.options.openTelemetry;
  return bridge ? bridge.run(host, trace, fn) : fn();
}
