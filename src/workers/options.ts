/**
 * The Workers adapter's options, and their resolution into a tracer once
 * per isolate per `env` (secrets and `OTEL_*` variables live in `env`).
 * @module
 */
import { resolveTracer } from "../spans/config.js";
import type { TraceOptions } from "../spans/options.js";
import { Tracer } from "../spans/tracer.js";
import type { ProducerFilter } from "./env-proxy.js";

/** Options of `withTrace` for Workers. */
export interface WorkersTraceOptions extends TraceOptions<Request> {
  /**
   * Queue producer bindings whose `send`/`sendBatch` wrap the body in a
   * trace envelope: `true` for every Queue binding, or a list of `env`
   * names. Default: none (bodies are sent as they are).
   */
  readonly queues?: { readonly producers?: boolean | readonly string[] } | undefined;
  /**
   * How a consumed message's span relates to its producer's: `"link"`
   * (default: the batch starts a new trace that links each producer) or
   * `"parent"` (each message's span continues its producer's trace).
   */
  readonly queueParent?: "link" | "parent" | undefined;
  /**
   * Make plain `fetch()` inside handlers inject, per request, where the
   * runtime has AsyncLocalStorage (`nodejs_als` or `nodejs_compat`).
   * Default: false. Without AsyncLocalStorage this option does nothing.
   */
  readonly instrumentGlobalFetch?: boolean | undefined;
}

/** Options, or a function of `env` returning them (for secrets kept in `env`). */
export type WorkersConfig<E = unknown> = WorkersTraceOptions | ((env: E) => WorkersTraceOptions);

/** Options resolved for one `env`. */
export interface ResolvedWorkers {
  readonly tracer: Tracer;
  readonly options: WorkersTraceOptions;
  readonly wrapProducer: ProducerFilter;
}

/**
 * Returns a resolver that builds the tracer for an `env` once and caches it
 * in a WeakMap keyed by that `env` (the runtime reuses one `env` object per
 * isolate). Configuration that throws falls back to the defaults: tracing
 * never breaks the request.
 * @param config - the user's options or options function.
 * @param tracerOptions - what the adapter adds to the user's tracer options (a fetch).
 */
export function createResolver<E>(
  config: WorkersConfig<E> | undefined,
  tracerOptions?: (options: WorkersTraceOptions) => WorkersTraceOptions,
): (env: E) => ResolvedWorkers {
  const cache = new WeakMap<object, ResolvedWorkers>();
  const build = (env: E): ResolvedWorkers => {
    let options: WorkersTraceOptions;
    let tracer: Tracer;
    try {
      options = (typeof config === "function" ? config(env) : config) ?? {};
      const final = tracerOptions ? tracerOptions(options) : options;
      // No timer: a Worker's isolate may sleep between requests; flushes are per invocation.
      tracer = resolveTracer(final, isRecord(env) ? env : undefined, { timer: false });
    } catch {
      options = {};
      tracer = new Tracer();
    }
    return { tracer, options, wrapProducer: producerFilter(options) };
  };
  return (env) => {
    if (!isRecord(env)) return build(env);
    let resolved = cache.get(env);
    if (!resolved) {
      resolved = build(env);
      cache.set(env, resolved);
    }
    return resolved;
  };
}

function producerFilter(options: WorkersTraceOptions): ProducerFilter {
  const producers = options.queues?.producers;
  if (producers === true) return () => true;
  if (Array.isArray(producers)) {
    const names = new Set<string>(producers);
    return (binding) => names.has(binding);
  }
  return () => false;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null;
}
