/**
 * `edge-trace/fetch`: tracing for fetch-handler servers — `Deno.serve`,
 * `Bun.serve` and any `(request) => Response` runtime.
 *
 * @example
 * import { withTrace } from "edge-trace/fetch";
 *
 * const handler = withTrace(async (request, info, trace) => {
 *   const upstream = await trace.fetch("https://api.example.com/items");
 *   return new Response(upstream.body, upstream);
 * });
 * Deno.serve(handler);
 * @module
 */

export {
  type FetchConfig,
  type FetchHandler,
  type FetchTraceOptions,
  type HandlerResult,
  type TracedFetchHandler,
  withTrace,
} from "./fetch/with-trace.js";
export type { EnvRecord } from "./trace/resolve-tracer.js";
export type { Trace } from "./trace/trace.js";
export { traceOf } from "./trace/trace-of.js";
export type { TraceOptions } from "./trace/trace-options.js";
