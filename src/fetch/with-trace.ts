/**
 * `withTrace` for fetch-shaped handlers: `Deno.serve`, `Bun.serve` and any
 * `(request, ...args) => Response` server.
 * @module
 */

import { flushBeforeExit, flushedOnDemand, safeFlush } from "../server/exit-flush.js";
import { runtimeEnv } from "../server/runtime-env.js";
import { endServerTrace, endWhenSent, startServerTrace } from "../server/server-span.js";
import { withTraceResponse } from "../server/trace-response.js";
import { type EnvRecord, resolveTracer } from "../trace/resolve-tracer.js";
import { runActive } from "../trace/run-active.js";
import type { Trace } from "../trace/trace.js";
import type { TraceOptions } from "../trace/trace-options.js";

/** Options of `withTrace` from `edge-trace/fetch`. */
export interface FetchTraceOptions extends TraceOptions<Request> {
  /**
   * Adds a `traceresponse` header naming the server span to each response,
   * so a browser or gateway can find the trace. Default: `false` (trace ids
   * are not shown to callers).
   */
  readonly traceResponse?: boolean | undefined;
  /**
   * Flushes buffered spans when the process is about to exit on its own
   * (`beforeExit`: after the server stops and the event loop drains).
   * Signals are not hooked: call `await handler.flush()` from your own
   * shutdown code. Default: `true`.
   */
  readonly flushOnExit?: boolean | undefined;
  /** Where `OTEL_*` variables are read from. Default: `Deno.env` on Deno, `process.env` elsewhere. */
  readonly env?: EnvRecord | undefined;
}

/** Options, or a function of the environment (`Deno.env`, `process.env`) returning them. */
export type FetchConfig = FetchTraceOptions | ((env: EnvRecord) => FetchTraceOptions);

/** What a handler may return: a response, or nothing after Bun's `server.upgrade()`. */
export type HandlerResult = Response | undefined;

/**
 * A fetch handler that is given the request's trace as its third argument,
 * after the runtime's second one (Deno's `info`, Bun's `server`); any
 * further runtime arguments follow the trace.
 */
export type FetchHandler<I, T, X extends unknown[], R extends HandlerResult> = (
  this: T,
  request: Request,
  info: I,
  trace: Trace,
  ...rest: X
) => R | Promise<R>;

/** The wrapped handler the runtime calls, with `flush()` for shutdown. */
export interface TracedFetchHandler<I, T, X extends unknown[], R extends HandlerResult> {
  (this: T, request: Request, info: I, ...rest: X): Promise<R>;
  /**
   * Sends the spans buffered so far. Resolves (never rejects) once sent or
   * at `deadline` (epoch ms) at the latest.
   */
  flush(deadline?: number): Promise<void>;
}

/**
 * Wraps a fetch handler: continues the caller's trace (per the inbound
 * policy), records a server span around the handler, and gives the handler
 * a {@link Trace} whose `fetch` injects context into outbound calls.
 * `this` and every runtime argument reach the handler unchanged; request
 * and response bodies are never read; a thrown error is recorded and
 * re-thrown unchanged, so the runtime's error handling still applies.
 *
 * @param handler - `(request, info, trace, ...rest) => Response`.
 * @param options - tracing options, or a function of the runtime's environment
 *   returning them (called once); an exporter reads `OTEL_*` variables from it.
 * @returns the handler to give the runtime, with `flush()`.
 * @example
 * // Deno
 * Deno.serve(withTrace((request, info, trace) => trace.fetch("https://api.example.com")));
 * @example
 * // Bun
 * Bun.serve({ fetch: withTrace((request, server, trace) => new Response(trace.traceId)) });
 */
export function withTrace<
  I = unknown,
  T = unknown,
  X extends unknown[] = [],
  R extends HandlerResult = Response,
>(handler: FetchHandler<I, T, X, R>, options: FetchConfig = {}): TracedFetchHandler<I, T, X, R> {
  const env = (typeof options === "function" ? undefined : options.env) ?? runtimeEnv();
  // A long-running server: the sink batches on a timer (unref'd: it never keeps the process alive).
  const tracer = resolveTracer(options, env, { timer: true });
  const resolved = tracer.options as FetchTraceOptions;
  const { traceResponse = false, flushOnExit = true, inbound = "trust" } = resolved;
  // Propagation only (no exporter): nothing is ever buffered, nothing to flush.
  const sink = tracer.recorder?.sink;

  async function traced(this: T, request: Request, info: I, ...rest: X): Promise<R> {
    const trace = startServerTrace(tracer, inbound, request);
    let result: R;
    try {
      result = await runActive(tracer, trace, () =>
        handler.call(this, request, info, trace, ...rest),
      );
    } catch (error) {
      endServerTrace(tracer, trace, { error });
      if (flushOnExit && sink) flushBeforeExit(sink);
      throw error;
    }
    if (result === undefined && request.headers.has("upgrade")) {
      // Bun: `server.upgrade()` succeeded and answered 101 itself.
      trace.setAttribute("http.response.status_code", 101);
      trace.end();
    } else {
      // A streamed body's span ends once the body has been sent.
      result = endWhenSent(tracer, trace, result);
    }
    if (flushOnExit && sink) flushBeforeExit(sink);
    return traceResponse && result instanceof Response
      ? (withTraceResponse(result, trace) as R)
      : result;
  }

  return Object.assign(traced, {
    flush(deadline?: number): Promise<void> {
      if (!sink) return Promise.resolve();
      flushedOnDemand(sink);
      return safeFlush(sink, deadline);
    },
  });
}
