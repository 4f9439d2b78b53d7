/**
 * The `ctx` view of a traced Durable Object: on top of the `waitUntil`
 * view every class gets, `acceptWebSocket` tags the socket with the
 * accepting span's context, `getTags` hides that tag, and
 * `storage.setAlarm` remembers which span set the alarm. The runtime's
 * `ctx` and `storage` are never modified.
 * @module
 */
import type { SpanContext } from "../core/w3c/traceparent.js";
import type { Trace } from "../trace/trace.js";
import { isContextTag, withContextTag } from "./socket-tag.js";
import { createView } from "./view.js";

/** What the view remembers for the traced handlers of one instance. */
export interface DurableState {
  /**
   * The span that last set the alarm. Kept in memory only (a storage write
   * on every `setAlarm` would cost each caller a round trip): an alarm that
   * fires after the object was evicted starts a trace with no link.
   */
  alarmSetter: SpanContext | undefined;
}

interface DurableContext {
  readonly storage?: { setAlarm?: unknown; deleteAlarm?: unknown } | undefined;
  acceptWebSocket?(ws: unknown, tags?: string[]): void;
  getTags?(ws: unknown): string[];
}

/**
 * @param ctx - the runtime's `ctx` (a `DurableObjectState`); not modified.
 * @param base - the `waitUntil` view of `ctx` to build on.
 * @param current - the trace of the call in progress, if any.
 * @param state - where the alarm setter is remembered.
 * @returns `base` for an entrypoint's `ctx`; for a Durable Object's, a view of it.
 */
export function durableContext<C extends object>(
  ctx: C,
  base: C,
  current: () => Trace | undefined,
  state: DurableState,
): C {
  const durable = ctx as DurableContext;
  const storage = durable.storage;
  if (typeof durable.acceptWebSocket !== "function" && typeof storage?.setAlarm !== "function") {
    return base;
  }
  const contextOf = (): SpanContext | undefined => {
    const trace = current();
    return trace && { traceId: trace.traceId, spanId: trace.spanId, traceFlags: trace.traceFlags };
  };
  const storageView = storage && storageWithAlarm(storage, contextOf, state);
  return createView(base, {
    storage: () => storageView,
    acceptWebSocket: () => (ws: unknown, tags?: string[]) =>
      durable.acceptWebSocket?.(ws, withContextTag(tags, contextOf())),
    getTags: () => (ws: unknown) => (durable.getTags?.(ws) ?? []).filter((t) => !isContextTag(t)),
  });
}

function storageWithAlarm(
  storage: object,
  contextOf: () => SpanContext | undefined,
  state: DurableState,
): object {
  const { setAlarm, deleteAlarm } = storage as Record<string, (...args: unknown[]) => unknown>;
  if (typeof setAlarm !== "function") return storage;
  return createView(storage, {
    setAlarm:
      () =>
      (...args: unknown[]) => {
        const result = setAlarm.apply(storage, args);
        state.alarmSetter = contextOf();
        return result;
      },
    deleteAlarm:
      () =>
      (...args: unknown[]) => {
        state.alarmSetter = undefined;
        return deleteAlarm?.apply(storage, args);
      },
  });
}
