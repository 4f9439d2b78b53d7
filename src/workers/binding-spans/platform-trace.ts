/**
 * One trace with Cloudflare's own Workers tracing. The platform traces
 * each invocation under its own trace id and does not continue W3C trace
 * context; edge-trace continues the caller's. Where the runtime exposes
 * its tracing on `ctx` (`ctx.tracing.getActiveSpan()`, newer runtimes),
 * the two are linked both ways: the W3C ids go on the platform's active
 * span, and the platform's ids (where its span has `spanContext()`) on
 * edge-trace's server span. Where it does not, nothing happens.
 * @see https://developers.cloudflare.com/workers/observability/traces/
 * @module
 */
import type { Trace } from "../../trace/trace.js";

/** The attributes set on the platform's span, and on edge-trace's. */
export const PLATFORM_LINK = {
  /** On the platform's span: the W3C trace id edge-trace continues. */
  traceId: "w3c.trace_id",
  /** On the platform's span: the caller's span id (traceparent's parent-id), when there is a caller. */
  parentId: "w3c.parent_id",
  /** On the platform's span: edge-trace's server span, the parent its callees see. */
  spanId: "w3c.span_id",
  /** On edge-trace's server span: the platform's trace id. */
  platformTraceId: "cloudflare.trace_id",
  /** On edge-trace's server span: the platform's span id. */
  platformSpanId: "cloudflare.span_id",
} as const;

/** The part of a platform span this uses; every member may be missing. */
interface PlatformSpan {
  setAttribute?(key: string, value: string): unknown;
  spanContext?(): { readonly traceId?: unknown; readonly spanId?: unknown } | undefined;
}

/**
 * @param ctx - the invocation's `ctx`, as the runtime gave it.
 * @param trace - edge-trace's server span.
 * @example
 * linkPlatformTrace(ctx, trace); // no-op on runtimes without ctx.tracing.getActiveSpan
 */
export function linkPlatformTrace(ctx: unknown, trace: Trace): void {
  try {
    const tracing = (ctx as { tracing?: { getActiveSpan?(): unknown } } | undefined)?.tracing;
    const span = (
      typeof tracing?.getActiveSpan === "function" ? tracing.getActiveSpan() : undefined
    ) as PlatformSpan | undefined;
    if (typeof span !== "object" || span === null) return;
    if (typeof span.setAttribute === "function") {
      span.setAttribute(PLATFORM_LINK.traceId, trace.traceId);
      span.setAttribute(PLATFORM_LINK.spanId, trace.spanId);
      if (trace.parentSpanId) span.setAttribute(PLATFORM_LINK.parentId, trace.parentSpanId);
    }
    const context = typeof span.spanContext === "function" ? span.spanContext() : undefined;
    if (typeof context?.traceId === "string") {
      trace.setAttribute(PLATFORM_LINK.platformTraceId, context.traceId);
    }
    if (typeof context?.spanId === "string") {
      trace.setAttribute(PLATFORM_LINK.platformSpanId, context.spanId);
    }
  } catch {
    // The platform's tracing misbehaved: tracing never breaks the request.
  }
}
