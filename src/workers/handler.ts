/**
 * `withTrace({ fetch, scheduled, queue })`: a new handler object whose
 * triggers run in spans, with per-invocation views of `env` and `ctx` and
 * the trace as a fourth argument. The user's object is not modified.
 * @module
 */
import type { Trace } from "../spans/trace.js";
import { startBatch } from "./batch-trigger.js";
import { trackWaitUntil } from "./ctx.js";
import { envView } from "./env-proxy.js";
import { invoke } from "./invoke.js";
import type { ResolvedWorkers } from "./options.js";
import type {
  ExecutionContextLike,
  MessageBatchLike,
  ScheduledControllerLike,
} from "./platform.js";
import { type Started, startFetch, startScheduled } from "./triggers.js";

/** The handler object a user writes: each trigger receives the trace last. */
export interface WorkersHandler<E = unknown> {
  fetch?(
    request: Request,
    env: E,
    ctx: ExecutionContextLike,
    trace: Trace,
  ): Response | Promise<Response>;
  scheduled?(
    controller: ScheduledControllerLike,
    env: E,
    ctx: ExecutionContextLike,
    trace: Trace,
  ): unknown;
  queue?(batch: MessageBatchLike, env: E, ctx: ExecutionContextLike, trace: Trace): unknown;
}

/** The handler `withTrace` returns: the runtime's three-argument signatures. */
export type TracedHandler<E, H> = {
  readonly [K in keyof H]: K extends "fetch"
    ? (request: Request, env: E, ctx: ExecutionContextLike) => Promise<Response>
    : K extends "scheduled"
      ? (controller: ScheduledControllerLike, env: E, ctx: ExecutionContextLike) => Promise<void>
      : K extends "queue"
        ? (batch: MessageBatchLike, env: E, ctx: ExecutionContextLike) => Promise<void>
        : H[K];
};

type Trigger = (input: never, env: unknown, ctx: ExecutionContextLike, trace: Trace) => unknown;

/**
 * @param handler - the user's handler object; not modified.
 * @param resolve - resolves the tracer for an `env`.
 * @returns a new handler object.
 */
export function traceHandler<E, H extends WorkersHandler<E>>(
  handler: H,
  resolve: (env: E) => ResolvedWorkers,
): TracedHandler<E, H> {
  const traced: Record<string, unknown> = {};
  // Other members (email, tail, values) stay callable with the user's object as `this`.
  for (const [key, value] of Object.entries(handler)) {
    traced[key] = typeof value === "function" ? value.bind(handler) : value;
  }
  const call = (name: keyof WorkersHandler, input: unknown, env: E, ctx: unknown, trace: Trace) =>
    (handler[name] as Trigger).call(
      handler,
      input as never,
      env,
      ctx as ExecutionContextLike,
      trace,
    );
  const run = async (
    env: E,
    ctx: ExecutionContextLike,
    started: Started,
    user: (env: E, ctx: ExecutionContextLike) => unknown,
  ) => {
    const resolved = resolve(env);
    const tracked = trackWaitUntil(ctx);
    const view = isObject(env) ? envView(env, () => started.trace, resolved.options.queues) : env;
    return invoke(resolved, ctx, tracked, started.trace, () =>
      started.run(() => user(view, tracked.ctx), tracked.ctx.waitUntil),
    );
  };
  if (typeof handler.fetch === "function") {
    traced.fetch = function fetch(request: Request, env: E, ctx: ExecutionContextLike) {
      const started = startFetch(resolve(env), request);
      return run(env, ctx, started, (view, tracked) =>
        call("fetch", request, view, tracked, started.trace),
      );
    };
  }
  if (typeof handler.scheduled === "function") {
    traced.scheduled = async function scheduled(
      controller: ScheduledControllerLike,
      env: E,
      ctx: ExecutionContextLike,
    ) {
      const started = startScheduled(resolve(env), controller);
      await run(env, ctx, started, (view, tracked) =>
        call("scheduled", controller, view, tracked, started.trace),
      );
    };
  }
  if (typeof handler.queue === "function") {
    traced.queue = async function queue(
      batch: MessageBatchLike,
      env: E,
      ctx: ExecutionContextLike,
    ) {
      const started = startBatch(resolve(env), batch);
      await run(env, ctx, started, (view, tracked) =>
        call("queue", started.batch, view, tracked, started.trace),
      );
    };
  }
  return traced as TracedHandler<E, H>;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
