/**
 * `edge-trace/opentelemetry`: spans made through `@opentelemetry/api` join
 * the trace. `openTelemetry({ AsyncLocalStorage })` registers on the
 * application's own copy of the API (an optional peer dependency of this
 * entry only); pass what it returns as the `openTelemetry` option of
 * `withTrace` (Workers, Lambda, fetch) or `tracing()` (Hono).
 * @module
 */

export { type OpenTelemetryOptions, openTelemetry } from "./opentelemetry/bridge.js";
export type { OpenTelemetryBridge, PropagationHost } from "./trace/api-bridge.js";
