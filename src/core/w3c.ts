/**
 * The W3C Trace Context propagator: `traceparent` and `tracestate`.
 * @see https://www.w3.org/TR/trace-context-2/
 * @module
 */
import type { Propagator } from "./propagator.js";
import { FLAG_SAMPLED, formatTraceparent, parseTraceparent } from "./traceparent.js";
import { formatTracestate, parseTracestate } from "./tracestate.js";

/**
 * W3C Trace Context. `tracestate` is read only when `traceparent` is valid
 * (https://www.w3.org/TR/trace-context-2/#tracestate-header) and is written
 * only beside the `traceparent` it belongs to.
 */
export const w3cTraceContext: Propagator = {
  name: "w3c",
  kind: "trace",
  fields: ["traceparent", "tracestate"],
  extract(headers) {
    const parent = parseTraceparent(headers.get("traceparent"));
    // One object shape for every format: field by field, not a spread.
    return (
      parent && {
        context: {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parent.traceFlags,
          traceState: parseTracestate(headers.get("tracestate")),
          sampled: (parent.traceFlags & FLAG_SAMPLED) !== 0,
          carried: undefined,
        },
        baggage: undefined,
      }
    );
  },
  inject(ctx, headers) {
    headers.set("traceparent", formatTraceparent(ctx));
    const state = ctx.traceState && formatTracestate(ctx.traceState);
    if (state) headers.set("tracestate", state);
  },
};
