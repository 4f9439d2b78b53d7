/**
 * The tracing middleware's options, resolved once per environment: per
 * bindings object on Workers (where secrets live in `c.env`), once per
 * process elsewhere.
 * @module
 */
import type { Context, ExecutionContext } from "hono";
import type { InboundPolicy } from "../core/inbound.js";
import { flushedOnDemand, safeFlush } from "../server/exit-flush.js";
import { runtimeEnv } from "../server/runtime-env.js";
import { type EnvRecord, resolveTracer } from "../trace/resolve-tracer.js";
import type { TraceOptions } from "../trace/trace-options.js";
import type { Tracer } from "../trace/tracer.js";

/** Options of Hono's `tracing()` middleware. */
export interface TracingOptions extends TraceOptions<Request> {
  /** Adds a `traceresponse` header naming the server span. Default: `false`. */
  readonly traceResponse?: boolean | undefined;
  /**
   * Outside Workers: flushes buffered spans when the process is about to
   * exit on its own (`beforeExit`). Default: `true`.
   */
  readonly flushOnExit?: boolean | undefined;
}

/**
 * Options, or a function of the environment returning them: the Worker's
 * bindings on Workers, the process environment (`Deno.env`, `process.env`)
 * elsewhere. It is called once per environment.
 */
export type TracingConfig<B = EnvRecord> = TracingOptions | ((env: B) => TracingOptions);

/** Resolved options. */
export interface Settings {
  readonly tracer: Tracer;
  readonly inbound: InboundPolicy<Request>;
  readonly traceResponse: boolean;
  readonly flushOnExit: boolean;
}

/** The settings of one request, with its `ExecutionContext` when the runtime gave one. */
export interface RequestSettings {
  readonly settings: Settings;
  readonly executionCtx: ExecutionContext | undefined;
}

/** Resolves settings per environment and flushes the process-wide ones on demand. */
export interface SettingsCache {
  forContext(c: Context): RequestSettings;
  flush(deadline?: number): Promise<void>;
}

/**
 * @param config - what the user passed to `tracing()`.
 * @returns a cache that resolves the config lazily, on the first request of each environment.
 */
export function settingsCache<B>(config: TracingConfig<B>): SettingsCache {
  const byBindings = new WeakMap<object, Settings>();
  let processWide: Settings | undefined;

  // Workers flush per request in waitUntil; a long-running process batches on a timer.
  const resolve = (env: EnvRecord, timer: boolean): Settings => {
    const options = optionsFor(config, env);
    const { inbound = "trust", traceResponse = false, flushOnExit = true } = options;
    return { tracer: resolveTracer(options, env, { timer }), inbound, traceResponse, flushOnExit };
  };

  return {
    forContext(c) {
      const executionCtx = executionCtxOf(c);
      // Only Workers-style runtimes pass an ExecutionContext, and only there is
      // `c.env` the bindings; elsewhere it is Bun's server or Deno's info.
      const bindings: unknown = c.env;
      if (executionCtx && typeof bindings === "object" && bindings !== null) {
        let settings = byBindings.get(bindings);
        if (!settings) {
          settings = resolve(bindings as EnvRecord, false);
          byBindings.set(bindings, settings);
        }
        return { settings, executionCtx };
      }
      processWide ??= resolve(runtimeEnv(), true);
      return { settings: processWide, executionCtx };
    },
    flush(deadline) {
      const sink = processWide?.tracer.recorder?.sink;
      if (!sink) return Promise.resolve();
      flushedOnDemand(sink);
      return safeFlush(sink, deadline);
    },
  };
}

/** As `resolveTracer` does: a config function that throws gives a propagation-only tracer. */
function optionsFor<B>(config: TracingConfig<B>, env: EnvRecord): TracingOptions {
  if (typeof config !== "function") return config;
  try {
    return config(env as B);
  } catch {
    return {};
  }
}

function executionCtxOf(c: Context): ExecutionContext | undefined {
  try {
    // Hono's getter throws when the runtime gave no ExecutionContext.
    const ctx = c.executionCtx;
    return typeof ctx?.waitUntil === "function" ? ctx : undefined;
  } catch {
    return undefined;
  }
}
