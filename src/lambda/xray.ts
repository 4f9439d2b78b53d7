/**
 * What the adapter does with AWS X-Ray context: Lambda's
 * `_X_AMZN_TRACE_ID` variable, an HTTP event's `X-Amzn-Trace-Id` header and
 * an SQS message's `AWSTraceHeader`.
 *
 * The default is `"link"`: OpenTelemetry's Lambda conventions moved from
 * "X-Ray parent first" to "configured propagators first, X-Ray as a span
 * link", because the variable is set (often with `Sampled=0`) whenever
 * Lambda runs, and using it as the parent cut W3C traces from upstream and
 * left parent-based samplers recording nothing.
 * @see https://github.com/open-telemetry/opentelemetry-specification/pull/3166
 * @see https://github.com/open-telemetry/opentelemetry-js-contrib/pull/2369
 * @module
 */
import type { Found } from "../core/composite-propagator.js";
import type { RemoteSpanContext } from "../core/propagator.js";
import { parseXrayHeader } from "../core/vendor/xray.js";
import type { SpanLink } from "../trace/span-data.js";

/**
 * `"parent"`: an X-Ray context is the parent when no configured propagator
 * found one. `"link"` (default): sampled X-Ray contexts become span links.
 * `"ignore"`: X-Ray context is not read.
 */
export type XrayMode = "parent" | "link" | "ignore";

/** See {@link XrayMode}. */
export const DEFAULT_XRAY_MODE: XrayMode = "link";

/** The Lambda variable holding the invocation's X-Ray trace header. */
export const XRAY_ENV = "_X_AMZN_TRACE_ID";

/** An X-Ray header value and where it came from (the link's `source` attribute). */
export interface XraySource {
  readonly value: string | undefined;
  readonly source: "x-ray-env" | "x-ray-header" | "x-ray-message";
}

/** What was found, with the X-Ray parent added if the mode says so, and the links to add. */
export interface XrayOutcome {
  readonly found: Found;
  readonly links: readonly SpanLink[];
}

const NO_LINKS: readonly SpanLink[] = [];

/**
 * Applies the mode to one carrier's extraction.
 * @param mode - the X-Ray mode.
 * @param found - what the configured propagators found.
 * @param sources - X-Ray values, most direct parent first.
 * @returns `found`, possibly with an X-Ray parent, and X-Ray links.
 */
export function applyXray(
  mode: XrayMode,
  found: Found,
  sources: readonly XraySource[],
): XrayOutcome {
  if (mode === "ignore" || sources.length === 0) return { found, links: NO_LINKS };
  if (mode === "parent") {
    if (found.context) return { found, links: NO_LINKS };
    for (const { value } of sources) {
      const context = parseXrayHeader(value);
      if (context)
        return { found: { ...found, context: { ...context, format: "xray" } }, links: NO_LINKS };
    }
    return { found, links: NO_LINKS };
  }
  const links: SpanLink[] = [];
  const seen = new Set<string>();
  if (found.context) seen.add(key(found.context));
  for (const { value, source } of sources) {
    const context = parseXrayHeader(value);
    // A segment X-Ray did not record (Sampled=0, the usual value when active
    // tracing is off) leads nowhere, so it is not linked.
    if (context?.sampled !== true || seen.has(key(context))) continue;
    seen.add(key(context));
    links.push(toLink(context, { source }));
  }
  return { found, links };
}

/** A span link to a context from another process, with its `tracestate`. */
export function toLink(context: RemoteSpanContext, attributes: SpanLink["attributes"]): SpanLink {
  const { traceId, spanId, traceFlags } = context;
  const traceState = context.traceState?.toString() || undefined;
  return { context: { traceId, spanId, traceFlags, traceState, isRemote: true }, attributes };
}

function key(context: RemoteSpanContext): string {
  return `${context.traceId}-${context.spanId}`;
}
