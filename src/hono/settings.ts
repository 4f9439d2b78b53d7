/**
 * The tracing middleware's options, resolved once per environment: per
 * bindings object on Workers (where secrets live in `c.env`), once per
 * process elsewhere.
 * @module
 */
import type { Context, ExecutionContext } from "hono";
import { flushedOnDemand, safeFlush } from "../server/exit-flush.js";
import { runtimeEnv } from "../server/runtime-env.js";
import { type EnvRecord, resolveTracer } from "../trace/resolve-tracer.js";
import type { TraceOptions } from "../trace/trace-options.js";
import type { Tracer } from "../trace/tracer.js";

/** Options of Hono's `tracing()` middleware. */
export interface HonoTraceOptions extends TraceOptions<Request> {
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
export type HonoConfig<B = EnvRecord> = HonoTraceOptions | ((env: B) => HonoTraceOptions);

/** The tracer of one environment, with the options it was built from. */
export type Settings = Tracer & { readonly options: HonoTraceOptions };

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
 * @returns settings resolved on the first request of each environment,
 *   cached by `resolveTracer` (the one cache every adapter shares).
 */
export function settingsCache<B>(config: HonoConfig<B>): SettingsCache {
  const options = config as HonoTraceOptions | ((env: EnvRecord) => HonoTraceOptions);
  let processWide: Settings | undefined;
  return {
    forContext(c) {
      const executionCtx = executionCtxOf(c);
      // Only Workers-style runtimes pass an ExecutionContext, and only there is
      // `c.env` the bindings; elsewhere it is Bun's server or Deno's info.
      const bindings: unknown = c.env;
      if (executionCtx && typeof bindings === "object" && bindings !== null) {
        // Workers flush per request in waitUntil: no timer.
        const settings = resolveTracer(options, bindings as EnvRecord, { timer: false });
        return { settings: settings as Settings, executionCtx };
      }
      // A long-running process batches on a timer.
      processWide ??= resolveTracer(options, runtimeEnv(), { timer: true }) as Settings;
      return { settings: processWide, executionCtx };
    },
    flush(deadline) {
      const sink = processWide?.recorder?.sink;
      if (!sink) return Promise.resolve();
      flushedOnDemand(sink);
      return safeFlush(sink, deadline);
    },
  };
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
