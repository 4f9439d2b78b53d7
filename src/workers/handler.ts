/**
 * `withTrace({ fetch, scheduled, queue })`: a new handler object whose
 * triggers run in spans, with per-invocation views of `env` and `ctx` and
 * the trace as a fourth argument. The user's object is not modified.
 * @module
 */
import type { Trace } from "../trace/trace.js";
import { startBatch } from "./batch-trigger.js";
import type { EmailHandler } from "./binding-spans/contract.js";
import { trackWaitUntil } from "./ctx.js";
import { envView } from "./env-proxy.js";
import { invoke } from "./invoke.js";
import { isObject } from "./is-object.js";
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
  /**
   * Runs in a server span with `bindings: bindingSpans()` (`traceOf(message)`
   * finds its trace), as it is without; the runtime's three arguments.
   */
  email?(message: EmailMessageLike, env: E, ctx: C): void;
}

/** What an `email` handler receives: the runtime's `ForwardableEmailMessage` has more. */
export interface EmailMessageLike {
  readonly from: string;
  readonly to: string;
  readonly headers: Headers;
  readonly rawSize: number;
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

type Trigger = (input: unknown, env: unknown, ctx: ExecutionContextLike, trace: Trace) => unknown;

/**
 * How each trigger starts. A queue's `batch` is what user code gets instead
 * of the runtime's (a view without envelopes, when `queues` is set).
 */
const STARTS: Readonly<
  Record<Triggers, (resolved: ResolvedWorkers, input: never) => Started & { batch?: unknown }>
> = { fetch: startFetch, scheduled: startScheduled, queue: startBatch };

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
  // `email` runs in a span with `bindings: bindingSpans()`, which brings that code; else as it was.
  const email = traced.email as EmailHandler | undefined;
  if (typeof email === "function") {
    traced.email = (message: unknown, env: E, ctx: ExecutionContextLike) => {
      const resolved = resolve(env);
      const bindings = resolved.options.bindings;
      return bindings
        ? bindings.email(resolved, email, message, env, ctx)
        : email(message, env, ctx);
    };
  }
  for (const [name, start] of Object.entries(STARTS)) {
    const trigger = name as Triggers;
    if (typeof handler[trigger] !== "function") continue;
    // Keyed in a literal, so each traced trigger is named `fetch`, `scheduled` or `queue`.
    traced[name] = {
      [name]: async (input: unknown, env: E, ctx: ExecutionContextLike) => {
        const resolved = resolve(env);
        const started = start(resolved, input as never);
        const trace = started.trace;
        const options = resolved.options;
        // Nothing to flush without a recorder: the user's waitUntil work need not be tracked.
        const recorder = resolved.recorder;
        const tracked = recorder ? trackWaitUntil(ctx, recorder) : undefined;
        // Binding spans only where they record (`start` answers): unsampled requests get the
        // bindings as they are. Theirs is the flush to run: it ends the bodies left unread.
        const bindings = options.bindings?.start(ctx, trace, tracked);
        const view = isObject(env) ? envView(env, () => trace, options.queues, bindings) : env;
        const result = await invoke(resolved, bindings ?? tracked, trace, () =>
          started.run(
            () =>
              // Looked up per call: a trigger replaced on the user's object later is the one run.
              (handler[trigger] as Trigger).call(
                handler,
                started.batch ?? input,
                view,
                tracked?.ctx ?? ctx,
                trace,
              ),
            tracked?.ctx.waitUntil,
          ),
        );
        // `scheduled` and `queue` resolve to nothing, whatever the user's returned.
        return name === "fetch" ? result : undefined;
      },
    }[name];
  }
  return traced as TracedWorkersHandler<E, C, H>;
}
