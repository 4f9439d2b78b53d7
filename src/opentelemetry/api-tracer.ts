/**
 * The API's `Tracer`: spans started through it are edge-trace spans,
 * children of the span in the context they are started in.
 * @module
 */
import {
  type Context,
  isSpanContextValid,
  type Span,
  type SpanOptions,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { IdGenerator } from "../core/ids.js";
import type { Attributes, InstrumentationScope } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { ApiSpan } from "./api-span.js";
import type { AlsContextManager } from "./context-manager.js";
import { toEpochMs, toKind, toLinks } from "./conversions.js";

/** What a tracer shares with the bridge that made it. */
export interface TracerHost {
  readonly manager: AlsContextManager;
  readonly ids: IdGenerator;
  /**
   * Starts a child of exactly `parent`: the bridge's own `parentOf` must not
   * move it under the active span, since the caller named its parent.
   */
  startChild(parent: Trace, start: (parent: Trace) => Trace): Trace;
}

/** One instrumentation scope's tracer. */
export class ApiTracer implements Tracer {
  readonly #host: TracerHost;
  readonly #scope: InstrumentationScope;

  constructor(host: TracerHost, scope: InstrumentationScope) {
    this.#host = host;
    this.#scope = scope;
  }

  /**
   * A child of the span in `context` (default: the active one). Under an
   * edge-trace span it is one too: recorded when that one is, exported in
   * the same batch. Under a span edge-trace did not make (extracted from a
   * carrier), or as a new root, it is a non-recording span with valid ids
   * that propagate.
   */
  startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
    const parent = options.root ? undefined : trace.getSpan(context ?? this.#host.manager.active());
    if (parent instanceof ApiSpan) {
      const links = toLinks(options.links);
      const child = this.#host.startChild(parent.trace, (from) =>
        from.startSpan(name, {
          kind: toKind(options.kind),
          attributes: options.attributes as Attributes | undefined,
          links,
          startTime: toEpochMs(options.startTime),
          scope: this.#scope,
        }),
      );
      return new ApiSpan(parent.host, child, parent, links);
    }
    const ids = this.#host.ids;
    const remote = parent?.spanContext();
    const valid = remote !== undefined && isSpanContextValid(remote);
    return trace.wrapSpanContext({
      traceId: valid ? remote.traceId : ids.traceId(),
      spanId: ids.spanId(),
      traceFlags: valid ? remote.traceFlags : 0,
      traceState: valid ? remote.traceState : undefined,
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = args.length > 1 ? (args[0] as SpanOptions) : undefined;
    const manager = this.#host.manager;
    const context = args.length > 2 ? (args[1] as Context) : manager.active();
    const span = this.startSpan(name, options, context);
    const run = fn as (span: Span) => ReturnType<F>;
    return manager.with(trace.setSpan(context, span), run, undefined, span);
  }
}
