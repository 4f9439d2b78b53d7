/**
 * `openTelemetry({ AsyncLocalStorage })`: registers, on the application's
 * `@opentelemetry/api`, a tracer provider, a context manager and a
 * propagator backed by edge-trace, and returns the bridge the adapters'
 * `openTelemetry` option takes.
 * @module
 */
import {
  type Context,
  context,
  diag,
  propagation,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { defaultIds } from "../core/ids.js";
import type { OpenTelemetryBridge } from "../trace/api-bridge.js";
import type { Trace } from "../trace/trace.js";
import type { AsyncLocalStorageClass } from "../workers/async-local-storage.js";
import { ApiPropagator } from "./api-propagator.js";
import { ApiSpan } from "./api-span.js";
import type { TracerHost } from "./api-tracer.js";
import { BridgeTracerProvider, registeredBridge } from "./api-tracer-provider.js";
import { AlsContextManager } from "./context-manager.js";

/** Options of {@link openTelemetry}. */
export interface OpenTelemetryOptions {
  /**
   * `AsyncLocalStorage` from `node:async_hooks` (Workers: the `nodejs_als`
   * or `nodejs_compat` compatibility flag). It carries the active span
   * across `await`s; edge-trace never imports it itself.
   */
  readonly AsyncLocalStorage: AsyncLocalStorageClass;
}

/**
 * Makes spans started through `@opentelemetry/api` edge-trace spans of the
 * request being handled, and the request's span the API's active span.
 * Registers a `TracerProvider`, a `ContextManager` on `AsyncLocalStorage`
 * and a `TextMapPropagator` on the application's copy of the API. When
 * another one is registered already, it says so through `diag` and leaves
 * it in place; calling it again returns the bridge already registered.
 *
 * @param options - `{ AsyncLocalStorage }` from `node:async_hooks`.
 * @returns the value of every adapter's `openTelemetry` option.
 * @throws TypeError when `AsyncLocalStorage` is missing or not a class: a
 *   configuration error at start-up, rather than spans lost in silence.
 * @example
 * import { AsyncLocalStorage } from "node:async_hooks";
 * import { openTelemetry } from "edge-trace/opentelemetry";
 * import { otlp } from "edge-trace/otlp";
 * import { withTrace } from "edge-trace/workers";
 *
 * const otel = openTelemetry({ AsyncLocalStorage });
 * export default withTrace({ fetch: () => new Response("ok") }, { exporter: otlp(), openTelemetry: otel });
 * @see https://opentelemetry.io/docs/specs/otel/trace/api/
 */
export function openTelemetry(options: OpenTelemetryOptions): OpenTelemetryBridge<Trace> {
  const registered = registeredBridge();
  if (registered) return registered;
  const storage = newStorage(options?.AsyncLocalStorage);
  const manager = new AlsContextManager(storage);
  // The trace a child must start from exactly (an explicit API context), while it starts.
  let pinned: Trace | undefined;
  const bridge: OpenTelemetryBridge<Trace> = {
    run(host, edge, fn) {
      const active = manager.active();
      const span = new ApiSpan(host, edge, activeWithin(active, edge));
      return storage.run(setSpan(active, span), fn);
    },
    parentOf(edge) {
      if (pinned === edge) return edge;
      const active = activeSpan(manager.active());
      if (!active) return edge;
      // The active span is the parent when `edge` is one of the spans it runs inside.
      for (let span: ApiSpan | undefined = active; span; span = span.within) {
        if (span.trace === edge) return active.trace;
      }
      return edge;
    },
  };
  const host: TracerHost = {
    manager,
    ids: defaultIds(),
    startChild(parent, start) {
      pinned = parent;
      try {
        return start(parent);
      } finally {
        pinned = undefined;
      }
    },
  };
  register(new BridgeTracerProvider(host, bridge), manager, new ApiPropagator(manager));
  return bridge;
}

function newStorage(AsyncLocalStorage: AsyncLocalStorageClass | undefined) {
  const hint =
    "edge-trace/opentelemetry: openTelemetry() needs { AsyncLocalStorage } from node:async_hooks " +
    "(on Cloudflare Workers, the nodejs_als or nodejs_compat compatibility flag)";
  if (typeof AsyncLocalStorage !== "function") throw new TypeError(hint);
  try {
    return new AsyncLocalStorage<Context>();
  } catch (cause) {
    throw new TypeError(hint, { cause });
  }
}

function register(
  provider: TracerProvider,
  manager: AlsContextManager,
  propagator: ApiPropagator,
): void {
  const refused: string[] = [];
  if (!trace.setGlobalTracerProvider(provider)) refused.push("TracerProvider");
  if (!context.setGlobalContextManager(manager)) refused.push("ContextManager");
  if (!propagation.setGlobalPropagator(propagator)) refused.push("TextMapPropagator");
  if (refused.length > 0) {
    diag.warn(
      `edge-trace/opentelemetry: another ${refused.join(", ")} is registered with @opentelemetry/api; ` +
        "it stays, and spans made through the API may not join edge-trace's traces",
    );
  }
}

function activeSpan(active: Context): ApiSpan | undefined {
  const span = trace.getSpan(active);
  return span instanceof ApiSpan ? span : undefined;
}

/** The active span, when `edge` runs inside it (the same trace). */
function activeWithin(active: Context, edge: Trace): ApiSpan | undefined {
  const span = activeSpan(active);
  return span && span.trace.traceId === edge.traceId ? span : undefined;
}

function setSpan(active: Context, span: ApiSpan): Context {
  return trace.setSpan(active, span);
}
