/**
 * edge-trace: W3C Trace Context and Baggage for edge and serverless
 * handlers. This entry point is what an application needs of the core:
 * read and write context on any carrier, parse and format the three
 * headers, choose formats, policies and a sampler. The adapters live at
 * `edge-trace/workers`, `/lambda`, `/fetch` and `/hono`; exporters at
 * `edge-trace/otlp` and `/export`; what a propagator author needs at
 * `edge-trace/propagation`.
 * @module
 */

export type { Carrier, HeaderRecord } from "./core/carrier.js";
export type { PropagationOptions, RemoteContext } from "./core/extract.js";
export { extract } from "./core/extract.js";
export type { InboundPolicy } from "./core/inbound.js";
export { type InjectOptions, inject } from "./core/inject.js";
export {
  type Destinations,
  type OutboundPolicy,
  type OutboundRules,
  outboundPolicy,
} from "./core/outbound.js";
export type { Propagator } from "./core/propagator.js";
export { b3Multi, b3Single } from "./core/vendor/b3.js";
export { jaeger } from "./core/vendor/jaeger.js";
export { awsXray } from "./core/vendor/xray.js";
export type { Baggage, BaggageEntry, BaggageProperty } from "./core/w3c/baggage.js";
export { formatBaggage, parseBaggage } from "./core/w3c/baggage.js";
export type { BaggageLimits } from "./core/w3c/baggage-limits.js";
export { w3cBaggage } from "./core/w3c/baggage-propagator.js";
export { formatTraceparent, parseTraceparent, type SpanContext } from "./core/w3c/traceparent.js";
export { formatTracestate, parseTracestate, type TraceState } from "./core/w3c/tracestate.js";
export { w3cTraceContext } from "./core/w3c/w3c.js";
export type { CallbackFailed, TraceOnError } from "./trace/guard.js";
export type { LogFields, Logger, LogWriter } from "./trace/logger.js";
export type { Exporter } from "./trace/recorder.js";
export { alwaysOff, alwaysOn, parentBased, type Sampler, traceIdRatio } from "./trace/sampler.js";
export type {
  Attributes,
  AttributeValue,
  SpanKind,
  SpanLink,
  SpanStatus,
} from "./trace/span-data.js";
export type { SpanOptions, Trace } from "./trace/trace.js";
export type { TraceCache, TraceCacheStorage } from "./trace/trace-caches.js";
export { traceOf } from "./trace/trace-of.js";
export type { TraceOptions } from "./trace/trace-options.js";
