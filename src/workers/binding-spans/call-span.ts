/**
 * The one routine every binding call goes through: start a client span as
 * a child of the trace active at the call, run the call, describe its
 * result, record a failure and re-throw it unchanged, end the span. The
 * span ends when the call's promise settles, whether or not user code
 * ever awaits it.
 * @module
 */
import { recordFailure } from "../../trace/failure.js";
import type { Attributes } from "../../trace/span-data.js";
import type { Trace } from "../../trace/trace.js";
import { isPromiseLike } from "../../trace/values.js";
import type { TraceSource } from "../binding-views.js";
import { method } from "./attributes.js";

/** What a binding call's span is: its name, attributes and what its result adds. */
export interface CallSpan<T> {
  readonly name: string;
  /** `client` unless set (a Queue send is a `producer`). */
  readonly kind?: "client" | "producer" | undefined;
  readonly attributes: Attributes;
  /** Attributes read from the result (counts, statuses; never stored values). */
  readonly result?: ((value: T) => Attributes | undefined) | undefined;
  /**
   * Takes over ending the span (a streamed body ends it when read): returns
   * what the caller gets instead of `value`, or `undefined` to end it now.
   * `parent` is the trace the call belongs to (its invocation's).
   */
  readonly handOff?: ((span: Trace, value: T, parent: Trace) => T | undefined) | undefined;
}

/**
 * @param source - the trace the call belongs to, looked up now.
 * @param describe - the span, built only when the trace records.
 * @param call - the binding call itself.
 * @returns what `call` returned; a promise settles exactly as the call's does.
 * @example
 * callSpan(trace, () => ({ name: "get KV", attributes }), () => kv.get(key));
 */
export function callSpan<T>(
  source: TraceSource,
  describe: () => CallSpan<Awaited<T>>,
  call: () => T,
): T {
  const parent = source();
  // Unsampled, no exporter, or outside a traced call: the binding as it is.
  if (!parent?.isRecording) return call();
  const spec = describe();
  const span = parent.startSpan(spec.name, {
    kind: spec.kind ?? "client",
    attributes: spec.attributes,
  });
  let result: T;
  try {
    result = call();
  } catch (error) {
    fail(span, error);
    throw error;
  }
  if (!isPromiseLike(result)) return succeed(span, spec, result as Awaited<T>, parent) as T;
  return Promise.resolve(result).then(
    (value) => succeed(span, spec, value as Awaited<T>, parent),
    (error: unknown) => {
      fail(span, error);
      throw error;
    },
  ) as T;
}

/**
 * A binding's method whose calls record spans: what each view overrides.
 * @param target - the binding, or an object one returned (an upload, a cache).
 * @param name - the method's name, looked up on `target` at each call.
 * @param source - the trace each call belongs to.
 * @param describe - one call's span, from its arguments; built only when the trace records.
 * @returns the traced method.
 * @example
 * const get = tracedMethod(kv, "get", trace, (args) => ({ name: "get KV", attributes: {} }));
 */
export function tracedMethod(
  target: object,
  name: string,
  source: TraceSource,
  describe: (args: unknown[]) => CallSpan<unknown>,
): (...args: unknown[]) => unknown {
  const call = method(target, name);
  return (...args) =>
    callSpan(
      source,
      () => describe(args),
      () => call(...args),
    );
}

function succeed<T>(span: Trace, spec: CallSpan<T>, value: T, parent: Trace): T {
  try {
    const attributes = spec.result?.(value);
    if (attributes) span.setAttributes(attributes);
    const kept = spec.handOff?.(span, value, parent);
    if (kept !== undefined) return kept;
  } catch {
    // A result of an unexpected shape: the span still ends, the value is untouched.
  }
  span.end();
  return value;
}

function fail(span: Trace, error: unknown): void {
  recordFailure(span, error);
  span.end();
}
