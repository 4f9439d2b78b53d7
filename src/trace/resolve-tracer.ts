/**
 * Resolves adapter options into a tracer, once per options object and env
 * object: adapters call {@link resolveTracer} on every request and rely on
 * it being a cache lookup.
 * @module
 */
import type { EnvRecord } from "./env-record.js";
import { guard } from "./guard.js";
import type { Exporter, RuntimeHints } from "./recorder.js";
import type { TraceOptions } from "./trace-options.js";
import { Tracer } from "./tracer.js";

export type { EnvRecord } from "./env-record.js";

/** Options, or a function of `env` returning them (secrets live in a Worker's `env`). */
export type TraceConfig<R = Request> = TraceOptions<R> | ((env: EnvRecord) => TraceOptions<R>);

/** Stands in for "no env" as a cache key. */
const NO_ENV: EnvRecord = /* @__PURE__ */ Object.freeze({});

/** config → env → [timer unset, timer on, timer off]. Weak, so nothing outlives its handler. */
const cache = new WeakMap<object, WeakMap<object, Array<Tracer | undefined>>>();

/**
 * The tracer every request of a handler shares.
 *
 * Cached per `config` object and `env` object: pass the same ones each time
 * (a Worker's `env` is; `process.env` is; call `Deno.env.toObject()` once).
 * Never throws: a config function or an exporter that throws gives a
 * propagation-only tracer.
 *
 * @param config - the adapter's options, or a function of `env` returning them.
 * @param env - where the exporter reads `OTEL_*` variables from.
 * @param hints - the adapter's runtime hints, such as `{ timer: false }` in Workers.
 * @returns the tracer.
 */
export function resolveTracer<R>(
  config: TraceConfig<R>,
  env?: EnvRecord,
  hints: RuntimeHints = {},
): Tracer {
  const envKey = env ?? NO_ENV;
  let byEnv = cache.get(config);
  if (!byEnv) {
    byEnv = new WeakMap();
    cache.set(config, byEnv);
  }
  let slots = byEnv.get(envKey);
  if (!slots) {
    slots = [];
    byEnv.set(envKey, slots);
  }
  // The same options may serve a batching server and a per-invocation runtime.
  const slot = hints.timer === undefined ? 0 : hints.timer ? 1 : 2;
  slots[slot] ??= buildTracer(config, env, hints);
  return slots[slot];
}

function buildTracer<R>(
  config: TraceConfig<R>,
  env: EnvRecord | undefined,
  hints: RuntimeHints,
): Tracer {
  try {
    const options = typeof config === "function" ? config(env ?? NO_ENV) : config;
    // An exporter whose setup throws is reported; the other options still apply.
    const build = (exporter?: Exporter) => new Tracer(options, exporter?.setup(env, hints));
    return guard(options.onError, "exporter", build, () => build())(options.exporter);
  } catch {
    // Tracing never breaks the handler: the options function threw (there is
    // no onError to tell, it was in the options), so propagate with the defaults.
    return new Tracer();
  }
}
