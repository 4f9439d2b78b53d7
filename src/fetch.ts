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
  type FetchTraceOptions,
  type HandlerResult,
  type TracedHandler,
  type TraceWrappedHandler,
  withTrace,
} from "./fetch/with-trace.js";
export type { EnvRecord } from "./spans/config.js";
export type { TraceOptions } from "./spans/options.js";
export type { Trace } from "./spans/trace.js";
export { traceOf } from "./spans/trace-of.js";
