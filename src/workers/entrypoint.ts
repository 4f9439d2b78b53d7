/**
 * `withTraceClass(class extends WorkerEntrypoint | DurableObject { ... })`:
 * returns a subclass whose `fetch` runs in a server span and whose JS-RPC
 * methods, when called through `rpc(trace, stub)`, drop the trailing
 * context argument and run in a server span continuing the caller's trace.
 * `traceOf(this)` finds an instance's trace (and `this.trace` too, for
 * classes that declare no `trace` of their own: `WorkerEntrypoint`'s types
 * reserve that name for the Tail Worker handler). Instances get an `env`
 * view that injects, and a `ctx` view that records `waitUntil` work. The
 * user's class is not modified.
 * @module
 */

import { endWith } from "../trace/end-with.js";
import type { Trace } from "../trace/trace.js";
import { bindInstance } from "../trace/trace-of.js";
import { createCallScope } from "./call-scope.js";
import { type Method, rpcMethods, startRpc } from "./class-rpc.js";
import { defineClassTriggers } from "./class-triggers.js";
import { type TrackedContext, trackWaitUntil } from "./ctx.js";
import { type DurableState, durableContext } from "./durable-context.js";
import type { EntrypointClass } from "./entrypoint-class.js";
import { envView } from "./env-proxy.js";
import { invoke } from "./invoke.js";
import type { ResolvedWorkers } from "./options.js";
import type { ExecutionContextLike } from "./platform.js";
import { isRpcContext } from "./rpc.js";
import { type Started, startFetch } from "./triggers.js";

export type { EntrypointClass } from "./entrypoint-class.js";

interface Instance {
  readonly env: object;
  readonly ctx: ExecutionContextLike;
  /** `undefined` with no recorder: nothing to flush, the runtime's `ctx` as it is. */
  readonly tracked: TrackedContext<ExecutionContextLike> | undefined;
  readonly state: DurableState;
}

/**
 * @param Base - the user's class; not modified.
 * @param resolve - resolves the tracer for an `env`.
 * @returns the traced subclass.
 */
export function traceClass<C extends EntrypointClass>(
  Base: C,
  resolve: (env: object) => ResolvedWorkers,
): C {
  const scope = createCallScope();
  const instances = new WeakMap<object, Instance>();
  const Parent = Base as unknown as new (...args: unknown[]) => object;
  const Traced = class extends Parent {
    constructor(...args: unknown[]) {
      super(...args);
      // The runtime constructs entrypoints and Durable Objects with (ctx, env).
      const [ctx, env] = args;
      if (!isContext(ctx) || typeof env !== "object" || env === null) return;
      bindInstance(this, () => scope.current(this));
      const resolved = resolve(env);
      const recorder = resolved.recorder;
      const tracked = recorder ? trackWaitUntil(ctx, recorder) : undefined;
      const state: DurableState = { alarmSetter: undefined };
      instances.set(this, { env, ctx, tracked, state });
      const queues = resolved.options.queues;
      // The base classes keep them as `this.ctx`/`this.env`: swap in the views,
      // only where the property holds exactly the runtime's object.
      const self = this as { ctx?: unknown; env?: unknown };
      try {
        // Binding spans only with a recorder; each call checks that its trace records.
        const bindings = recorder ? resolved.options.bindings : undefined;
        if (self.env === env) self.env = envView(env, () => scope.current(this), queues, bindings);
        if (self.ctx === ctx) {
          const view = durableContext(ctx, tracked?.ctx ?? ctx, () => scope.current(this), state);
          self.ctx = bindings
            ? bindings.durableContext(view, Base.name, () => scope.current(this))
            : view;
        }
      } catch {
        // A read-only property: the instance keeps the originals.
      }
    }
  };
  Object.defineProperty(Traced, "name", { value: Base.name });
  const proto = Traced.prototype;
  // A class with a `trace` member of its own keeps it.
  if (!("trace" in Base.prototype)) {
    Object.defineProperty(proto, "trace", {
      configurable: true,
      get(this: object): Trace | undefined {
        return scope.current(this);
      },
    });
  }
  const run = <T>(self: object, started: Started, fn: () => T | Promise<T>): Promise<T> => {
    const instance = instances.get(self);
    if (!instance) return Promise.resolve(fn());
    const resolved = resolve(instance.env);
    // Each invocation links with the platform's trace, as `withTrace`'s do (the
    // runtime's `ctx` answers `tracing.getActiveSpan()` with this invocation's
    // span), and its flush ends the bodies it left unread.
    const tracked = instance.tracked;
    const bindings = resolved.options.bindings?.start(instance.ctx, started.trace, tracked);
    return invoke(resolved, bindings ?? tracked, started.trace, () =>
      scope.run(
        self,
        started.trace,
        () => started.run(fn, tracked?.ctx.waitUntil),
        resolved.options.asyncLocalStorage,
      ),
    );
  };

  const fetch = Base.prototype.fetch as Method | undefined;
  if (typeof fetch === "function") {
    define(proto, "fetch", function tracedFetch(this: object, request: unknown) {
      const instance = instances.get(this);
      if (!instance || !(request instanceof Request)) return fetch.call(this, request);
      const started = startFetch(resolve(instance.env), request);
      return run(this, started, () => fetch.call(this, request));
    });
  }
  for (const [name, method] of rpcMethods(Base)) {
    define(proto, name, function tracedRpc(this: object, ...args: unknown[]) {
      const context = args[args.length - 1];
      if (!isRpcContext(context)) return method.apply(this, args);
      const callArgs = args.slice(0, -1);
      const instance = instances.get(this);
      if (!instance) return method.apply(this, callArgs);
      const trace = startRpc(resolve(instance.env), Base.name, name, context);
      const started: Started = { trace, run: (fn) => endWith(trace, fn) };
      return run(this, started, () => method.apply(this, callArgs));
    });
  }
  defineClassTriggers(proto, Base, {
    resolved: (self) => {
      const instance = instances.get(self);
      return instance && resolve(instance.env);
    },
    state: (self) => instances.get(self)?.state,
    tags: (self, ws) => tagsOf(instances.get(self)?.ctx, ws),
    run,
  });
  return Traced as unknown as C;
}

/** The runtime's own `getTags`, ours included; none when the socket is not hibernatable. */
function tagsOf(ctx: unknown, ws: unknown): readonly unknown[] {
  try {
    const tags = (ctx as { getTags?(ws: unknown): unknown } | undefined)?.getTags?.(ws);
    return Array.isArray(tags) ? tags : [];
  } catch {
    return [];
  }
}

function define(proto: object, name: string, value: Method): void {
  Object.defineProperty(proto, name, { value, writable: true, configurable: true });
}

function isContext(value: unknown): value is ExecutionContextLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { waitUntil?: unknown }).waitUntil === "function"
  );
}
