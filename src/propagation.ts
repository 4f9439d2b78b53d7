/**
 * `edge-trace/propagation`: what a propagator author needs, beyond the
 * application's API in `edge-trace`: the contract a wire format implements,
 * case-insensitive header access, the trace-flag bits, the default formats,
 * and an id generator with an injectable random source.
 *
 * @example
 * import type { Propagator } from "edge-trace/propagation";
 *
 * export const myFormat: Propagator = {
 *   name: "mine",
 *   kind: "trace",
 *   fields: ["x-mine"],
 *   extract: (headers) => undefined,
 *   inject: (ctx, headers) => headers.set("x-mine", ctx.traceId),
 * };
 * @module
 */

export type { HeaderAccess } from "./core/carrier.js";
export { headerAccess } from "./core/carrier.js";
export { DEFAULT_PROPAGATORS } from "./core/defaults.js";
export { createIdGenerator, type IdGenerator, type RandomSource } from "./core/ids.js";
export type {
  Extracted,
  InjectContext,
  Propagator,
  RemoteSpanContext,
} from "./core/propagator.js";
export { FLAG_RANDOM, FLAG_SAMPLED } from "./core/w3c/traceparent.js";
export { TraceState } from "./core/w3c/tracestate.js";
