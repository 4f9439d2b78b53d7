/**
 * Every callback a user hands the options runs guarded (DESIGN principle 4,
 * "tracing never breaks the request"): one that throws is reported to
 * `onError` and the request goes on with a safe default. The tracer wraps
 * each callback once, when it is built, so no adapter can forget one.
 * @module
 */
import type { OutboundPolicy, OutboundRules } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";

/** A callback given in the options threw; the request went on with its safe default. */
export interface CallbackFailed {
  readonly type: "callback-failed";
  /**
   * The option: `"sampler"`, `"outbound"`, `"inbound"`, `"logWriter"`,
   * `"propagators"`, `"exporter"` (its setup), `"clock"` (an exporter's).
   */
  readonly callback: string;
  readonly error: unknown;
}

/**
 * Receives what the tracer reports. The exporters' `onError` (which takes
 * every `DiagnosticEvent`) is one too.
 */
export type TraceOnError = (event: CallbackFailed) => void;

/**
 * @param onError - the user's hook, if any; whatever it throws is swallowed.
 * @param callback - the option's name, for the report.
 * @param fn - the user's callback.
 * @param fallback - what answers instead when it throws.
 * @returns `fn`, guarded.
 * @example
 * const sampler = guard(onError, "sampler", options.sampler, (input) => input.parentSampled === true);
 */
export function guard<A extends unknown[], T>(
  onError: TraceOnError | undefined,
  callback: string,
  fn: (...args: A) => T,
  fallback: (...args: NoInfer<A>) => T,
): (...args: A) => T {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      try {
        onError?.({ type: "callback-failed", callback, error });
      } catch {}
      return fallback(...args);
    }
  };
}

/**
 * The `outbound` option as a policy. A function is guarded: one that throws
 * withholds the header. A plain object is what JavaScript users write for
 * `outboundPolicy`'s rules: `true`, `false` and unset mean what they mean
 * there; a list or a predicate needs `outboundPolicy(...)` (whose compiler
 * a Worker without policies does not carry), so that kind of header is
 * withheld until then, never sent where it might not be allowed.
 * @param policy - what the user passed.
 * @param onError - where a throw goes.
 * @returns the policy; `undefined` sends every header everywhere.
 */
export function guardOutbound(
  policy: unknown,
  onError: TraceOnError | undefined,
): OutboundPolicy | undefined {
  if (typeof policy === "function") {
    return guard(onError, "outbound", policy as OutboundPolicy, () => false);
  }
  const rules: OutboundRules | undefined | null = policy as OutboundRules;
  if (rules == null) return undefined;
  return (kind) => {
    const rule = kind === "trace" ? rules.traceContext : rules.baggage;
    return rule === undefined || rule === true;
  };
}

/**
 * @param propagator - a propagator the user listed; not modified.
 * @param onError - where a throw goes (the core skips that format either way).
 * @returns the same propagator, whose `extract` and `inject` report their throws.
 */
export function guardPropagator(
  propagator: Propagator,
  onError: TraceOnError | undefined,
): Propagator {
  return Object.assign(Object.create(propagator) as Propagator, {
    extract: guard(onError, "propagators", propagator.extract.bind(propagator), () => undefined),
    inject: guard(onError, "propagators", propagator.inject.bind(propagator), () => {}),
  });
}
