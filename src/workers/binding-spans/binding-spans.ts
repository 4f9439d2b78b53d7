/**
 * `bindingSpans()`: the `bindings` option of `withTrace` and
 * `withTraceClass`. Calls on the bindings in `env` (KV, D1, R2, Queues,
 * Workers AI, Vectorize, Analytics Engine, dispatch namespaces) become
 * client spans, children of the span active at the call, through the
 * per-request view of `env`; `env` itself is never modified. Imported
 * only by Workers that pass it.
 * @module
 */
import type { Trace } from "../../trace/trace.js";
import type { TraceCacheStorage } from "../../trace/trace-caches.js";
import type { TraceSource } from "../binding-views.js";
import type { ResolvedWorkers } from "../options.js";
import { analyticsEngineView } from "./analytics-engine.js";
import { cachesView } from "./caches.js";
import type { BindingSpans } from "./contract.js";
import { d1View } from "./d1.js";
import { type BindingSpanKind, bindingSpanKind } from "./detect.js";
import { dispatchView } from "./dispatch.js";
import { traceEmail } from "./email.js";
import { type BodiesOf, type InvocationBodies, invocationBodies } from "./invocation-bodies.js";
import { kvView } from "./kv.js";
import { linkPlatformTrace } from "./platform-trace.js";
import { queueSpansView } from "./queues.js";
import { r2View } from "./r2.js";
import { storageContext } from "./storage.js";
import { vectorizeView } from "./vectorize.js";
import { aiView } from "./workers-ai.js";

export type { BindingSpans, EmailHandler } from "./contract.js";

/**
 * Which bindings record spans: every kind is on unless set to `false`,
 * except Durable Object storage, which is on only with `storage: true`.
 */
export interface BindingSpanOptions {
  readonly kv?: boolean | undefined;
  readonly d1?: boolean | undefined;
  readonly r2?: boolean | undefined;
  /** Queue producers not opted into `queueEnvelopes()` (those record their own span). */
  readonly queues?: boolean | undefined;
  /** Workers AI's `run`. */
  readonly ai?: boolean | undefined;
  readonly vectorize?: boolean | undefined;
  /** `writeDataPoint`, as an event on the active span. */
  readonly analyticsEngine?: boolean | undefined;
  /** Workers for Platforms dispatch namespaces: the Fetchers `get` returns inject. */
  readonly dispatch?: boolean | undefined;
  /** `trace.caches`: the Cache API's `match`, `put` and `delete`. */
  readonly caches?: boolean | undefined;
  /**
   * `ctx.storage` (`get`, `put`, `delete`, `list`, `deleteAll`, `sql.exec`)
   * inside `withTraceClass` Durable Objects. Default `false`: storage
   * calls are many and fast.
   */
  readonly storage?: boolean | undefined;
  /**
   * Links edge-trace's trace with Cloudflare's Workers tracing where the
   * runtime exposes it (`ctx.tracing.getActiveSpan()`): W3C ids on the
   * platform's span, the platform's ids on the server span. Default `true`.
   */
  readonly platformTracing?: boolean | undefined;
}

type ViewFactory = (binding: object, name: string, trace: TraceSource, bodies: BodiesOf) => object;

const VIEWS: Readonly<Record<BindingSpanKind, ViewFactory>> = {
  kv: kvView,
  d1: d1View,
  r2: r2View,
  queues: queueSpansView,
  ai: aiView,
  vectorize: vectorizeView,
  analyticsEngine: analyticsEngineView,
  dispatch: dispatchView,
};

/**
 * Records a client span for each call on the bindings in `env`.
 *
 * @param options - which kinds record (all by default).
 * @returns the value of the `bindings` option.
 * @example
 * export default withTrace(handler, { exporter: otlp(), bindings: bindingSpans() });
 * @see https://opentelemetry.io/docs/specs/semconv/database/database-spans/
 */
export function bindingSpans(options: BindingSpanOptions = {}): BindingSpans<ResolvedWorkers> {
  const enabled = (kind: BindingSpanKind) =>
    (options as Partial<Record<BindingSpanKind, boolean | undefined>>)[kind] !== false;
  // Each recording invocation's bodies, found by its server span: a class's
  // `env` view is made once per instance, and serves each of its invocations.
  const invocations = new WeakMap<Trace, InvocationBodies>();
  const spans: BindingSpans<ResolvedWorkers> = {
    view(binding, name, trace) {
      const kind = bindingSpanKind(binding);
      const factory = kind && enabled(kind) ? VIEWS[kind] : undefined;
      return factory ? factory(binding, name, trace, invocations) : binding;
    },
    caches: (trace) =>
      options.caches === false
        ? ((globalThis as { caches?: unknown }).caches as TraceCacheStorage)
        : cachesView(trace),
    durableContext: (ctx, className, trace) =>
      options.storage === true ? storageContext(ctx, className, trace) : ctx,
    email: traceEmail,
    start(ctx, trace, tracked) {
      if (options.platformTracing !== false) linkPlatformTrace(ctx, trace);
      if (!trace.isRecording) return undefined;
      const bodies = invocationBodies();
      invocations.set(trace, bodies);
      // A recording trace has a recorder, and so a tracked flush.
      return { ...spans, flush: () => tracked?.flush(bodies.close) };
    },
  };
  return spans;
}
