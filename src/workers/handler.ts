/**
 * `withTrace({ fetch, scheduled, queue })`: a new handler object whose
 * triggers run in spans, with per-invocation views of `env` and `ctx` and
 * the trace as a fourth argument. The user's object is not modified.
 * @module
 */
import type { Trace } from "../trace/trace.js";
import { startBatch } from "./batch-trigger.js";
import { type TrackedContext, trackWaitUntil } from "./ctx.js";
import { envView } from "./env-proxy.js";
import { invoke } from "./invoke.js";
import type { ResolvedWorkers } from "./options.js";
import type {
  ExecutionContextLike,
  MessageBatchLike,
  ScheduledControllerLike,
  WorkersExecutionContext,
} from "./platform.js";
import { type Started, startFetch, startScheduled } from "./triggers.js";

/**
 * The handler object you write: each trigger receives the trace last. `E`
 * is your `Env`; `C` the context type, inferred from
 * `satisfies ExportedHandler<Env>` where the Workers types are installed.
 * @example
 * const handler: WorkersHandler<Env> = {
 *   fetch: (request, env, ctx, trace) => trace.fetch(env.API_URL),
 * };
 * export default withTrace(handler);
 */
export interface WorkersHandler<
  E = unknown,
  C extends ExecutionContextLike = WorkersExecutionContext,
> {
  fetch?(request: Request, env: E, ctx: C, trace: Trace): Response | Promise<Response>;
  scheduled?(controller: ScheduledControllerLike, env: E, ctx: C, trace: Trace): unknown;
  queue?(batch: MessageBatchLike, env: E, ctx: C, trace: Trace): unknown;
}

type Triggers = "fetch" | "scheduled" | "queue";

/** A trigger's traced form, present exactly when `H` has the trigger (optional when it is). */
type Traced<H, K extends Triggers, T> = K extends keyof H
  ? undefined extends H[K]
    ? Partial<T>
    : T
  : unknown;

/**
 * What `withTrace` returns: the runtime's three-argument signatures for
 * the triggers you wrote, every other member as it was. Written without
 * a mapped type so that `satisfies ExportedHandler<Env>` infers `E` and `C`.
 */
export type TracedWorkersHandler<E, C, H> = Traced<
  H,
  "fetch",
  { fetch(request: Request, env: E, ctx: C): Promise<Response> }
> &
  Traced<
    H,
    "scheduled",
    { scheduled(controller: ScheduledControllerLike, env: E, ctx: C): Promise<void> }
  > &
  Traced<H, "queue", { queue(batch: MessageBatchLike, env: E, ctx: C): Promise<void> }> &
  Omit<H, Triggers>;

type Trigger = (input: never, env: unknown, ctx: ExecutionContextLike, trace: Trace) => unknown;

/**
 * @param handler - the user's handler object; not modified.
 * @param resolve - resolves the tracer for an `env`.
 * @returns a new handler object.
 */
export function traceHandler<E, C extends ExecutionContextLike, H extends WorkersHandler<E, C>>(
  handler: H,
  resolve: (env: E) => ResolvedWorkers,
): TracedWorkersHandler<E, C, H> {
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
    const view = isObject(env) ? envView(env, () => started.trace, resolved.options.queues) : env;
    // Nothing to flush without a recorder: the user's waitUntil work need not be tracked.
    if (!resolved.recorder) {
      return invoke(resolved, ctx, UNTRACKED, started.trace, () =>
        started.run(() => user(view, ctx)),
      );
    }
    const tracked = trackWaitUntil(ctx);
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
  return traced as TracedWorkersHandler<E, C, H>;
}

/** What stands for a tracked `ctx` when nothing will flush (propagation only). */
const UNTRACKED: TrackedContext<ExecutionContextLike> = {
  ctx: { waitUntil() {} },
  settled: () => Promise.resolve(),
};

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
