/**
 * The W3C Trace Context propagator: `traceparent` and `tracestate`.
 * @see https://www.w3.org/TR/trace-context-2/
 * @module
 */
import type { Propagator } from "../propagator.js";
import { formatTraceparent, isSampled, parseTraceparent } from "./traceparent.js";
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
    // Copied into one shape by the composite, with the format and baggage.
    return (
      parent && {
        context: {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parent.traceFlags,
          traceState: parseTracestate(headers.get("tracestate")),
          sampled: isSampled(parent),
        },
      }
    );
  },
  inject(ctx, headers) {
    headers.set("traceparent", formatTraceparent(ctx));
    const state = ctx.traceState && formatTracestate(ctx.traceState);
    if (state) headers.set("tracestate", state);
  },
};
