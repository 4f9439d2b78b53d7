/**
 * The triggers a `WorkerEntrypoint` or Durable Object class receives
 * besides `fetch` and JS-RPC: `alarm`, the WebSocket hibernation handlers,
 * `scheduled` and `queue`, each run in its own span. Class-only: the
 * handler-object `withTrace` bundles none of it.
 * @module
 */
import type { SpanContext } from "../core/w3c/traceparent.js";
import { endWith } from "../trace/end-with.js";
import type { SpanLink } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { PLATFORM_ATTRIBUTES } from "./attributes.js";
import { startBatch } from "./batch-trigger.js";
import type { DurableState } from "./durable-context.js";
import type { ResolvedWorkers } from "./options.js";
import type { MessageBatchLike, ScheduledControllerLike } from "./platform.js";
import { startSocketTrace } from "./socket-triggers.js";
import { type Started, startScheduled } from "./triggers.js";

type Method = (this: object, ...args: unknown[]) => unknown;

/** What the traced class gives these wrappers about an instance. */
export interface ClassHooks {
  /** The instance's resolved options; `undefined` for one the runtime did not construct. */
  resolved(self: object): ResolvedWorkers | undefined;
  /** The instance's Durable Object state; `undefined` for an entrypoint. */
  state(self: object): DurableState | undefined;
  /** The socket's tags, ours included (the runtime's own `getTags`). */
  tags(self: object, ws: unknown): readonly unknown[];
  /** Runs `fn` in the started trace, with `this.trace` set, and flushes after. */
  run<T>(self: object, started: Started, fn: () => T | Promise<T>): Promise<T>;
}

/** An invocation of one trigger: how to start its span, and the arguments user code gets. */
type Start = (
  self: object,
  resolved: ResolvedWorkers,
  args: unknown[],
) => Started & { args?: unknown[] };

const ends = (trace: Trace): Started => ({ trace, run: (fn) => endWith(trace, fn) });

/**
 * Replaces, on the traced subclass's prototype, each of these triggers the
 * user's class defines.
 * @param proto - the traced subclass's prototype.
 * @param Base - the user's class; not modified.
 * @param hooks - per-instance access.
 */
export function defineClassTriggers(
  proto: object,
  Base: { prototype: object },
  hooks: ClassHooks,
): void {
  const starts: Record<string, Start> = {
    alarm: (self, resolved, [info]) => ends(startAlarm(resolved, hooks.state(self), info)),
    scheduled: (_self, resolved, [controller]) =>
      startScheduled(resolved, controller as ScheduledControllerLike),
    queue: (_self, resolved, [batch]) => {
      const started = startBatch(resolved, batch as MessageBatchLike);
      return { ...started, args: [started.batch] };
    },
    webSocketMessage: (self, resolved, [ws, message]) =>
      startSocketTrace(resolved, "webSocketMessage", hooks.tags(self, ws), [ws, message]),
    webSocketClose: (self, resolved, args) =>
      startSocketTrace(resolved, "webSocketClose", hooks.tags(self, args[0]), args),
    webSocketError: (self, resolved, args) =>
      startSocketTrace(resolved, "webSocketError", hooks.tags(self, args[0]), args),
  };
  for (const [name, start] of Object.entries(starts)) {
    const method = (Base.prototype as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    const user = method as Method;
    Object.defineProperty(proto, name, {
      writable: true,
      configurable: true,
      value: {
        [name](this: object, ...args: unknown[]) {
          const resolved = hooks.resolved(this);
          if (!resolved) return user.apply(this, args);
          const started = start(this, resolved, args);
          const callArgs = started.args ?? args;
          return hooks.run(this, started, () => user.apply(this, callArgs));
        },
      }[name],
    });
  }
}

/**
 * An alarm starts a new trace, linked to the span that set it when this
 * object stayed in memory since (see {@link DurableState.alarmSetter}).
 */
function startAlarm(
  resolved: ResolvedWorkers,
  state: DurableState | undefined,
  info: unknown,
): Trace {
  const setter: SpanContext | undefined = state?.alarmSetter;
  // Taken once: a retry of this alarm, or the next one, was not set by it.
  if (state) state.alarmSetter = undefined;
  const links: SpanLink[] = setter
    ? [{ context: { ...setter, isRemote: false }, attributes: {} }]
    : [];
  const retries = (info as { retryCount?: unknown } | undefined)?.retryCount;
  return resolved.startTrace({
    name: "alarm",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
    links,
    attributes: {
      "faas.trigger": "timer",
      ...PLATFORM_ATTRIBUTES,
      "cloudflare.alarm.retry_count": typeof retries === "number" ? retries : undefined,
    },
  });
}
