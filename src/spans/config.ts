/**
 * Resolves adapter options and `OTEL_*` variables into a tracer, once per
 * options object and env object: adapters call {@link resolveTracer} on
 * every request and rely on it being a cache lookup.
 * @module
 */
import { createReporter } from "./diagnostics.js";
import { type EnvRecord, readEnvConfig } from "./env-config.js";
import { type ResolvedExport, type RuntimeHints, resolveExport } from "./export-config.js";
import type { TraceOptions } from "./options.js";
import { Tracer } from "./tracer.js";

export type { EnvRecord } from "./env-config.js";
export type { ResolvedExport, RuntimeHints } from "./export-config.js";

/** Options, or a function of `env` returning them (secrets live in a Worker's `env`). */
export type TraceConfig<R = Request> = TraceOptions<R> | ((env: EnvRecord) => TraceOptions<R>);

/** Stands in for "no env" as a cache key. */
const NO_ENV: EnvRecord = Object.freeze({});

/** config → env → [timer unset, timer on, timer off]. Weak, so nothing outlives its handler. */
const cache = new WeakMap<object, WeakMap<object, Array<Tracer | undefined>>>();

/**
 * The tracer every request of a handler shares.
 *
 * Cached per `config` object and `env` object: pass the same ones each time
 * (a Worker's `env` is; `process.env` is; call `Deno.env.toObject()` once).
 * Never throws: a config function that throws, or options that cannot be
 * used, give a propagation-only tracer.
 *
 * @param config - the adapter's options, or a function of `env` returning them.
 * @param env - where `OTEL_*` variables are read from.
 * @param runtime - the adapter's hints, such as `{ timer: false }` in Workers.
 * @returns the tracer.
 * @example
 * const tracer = resolveTracer(options, env, { timer: false });
 * ctx.waitUntil(tracer.sink.flush(Date.now() + 10_000));
 */
export function resolveTracer<R>(
  config: TraceConfig<R>,
  env?: EnvRecord,
  runtime: RuntimeHints = {},
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
  const slot = runtime.timer === undefined ? 0 : runtime.timer ? 1 : 2;
  const cached = slots[slot];
  if (cached) return cached;
  const tracer = buildTracer(config, envKey, runtime);
  slots[slot] = tracer;
  return tracer;
}

/**
 * Resolves without caching and without building a tracer: what
 * {@link resolveTracer} would export with, and where to.
 * @returns the sampler, sink, resource and exporter names.
 */
export function resolveExportConfig<R>(
  options: TraceOptions<R>,
  env?: EnvRecord,
  runtime: RuntimeHints = {},
): ResolvedExport {
  const report = createReporter(options.onError);
  const fromEnv = readEnvConfig(env, report);
  return resolveExport(options, fromEnv, runtime, {
    sampler: options.sampler,
    fetch: options.fetch,
    report,
  });
}

function buildTracer<R>(config: TraceConfig<R>, env: EnvRecord, runtime: RuntimeHints): Tracer {
  let options: TraceOptions<R> | undefined;
  try {
    options = typeof config === "function" ? config(env) : config;
    const resolved = resolveExportConfig(options, env, runtime);
    return new Tracer({
      ...options,
      sampler: resolved.sampler,
      sink: options.sink ?? resolved.sink,
    });
  } catch (error) {
    createReporter(options?.onError)({
      type: "invalid-config",
      key: "options",
      message: String(error),
    });
    return new Tracer();
  }
}
