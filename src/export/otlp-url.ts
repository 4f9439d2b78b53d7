/**
 * Where OTLP/HTTP sends traces: the `/v1/traces` path under a base endpoint.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp
 * @module
 */
import type { Report } from "./diagnostics.js";

/**
 * The one URL check of the endpoint settings (options and variables alike).
 * @param value - a configured URL.
 * @returns it parsed, or `undefined` when it is not an absolute URL.
 */
function parseUrl(value: string): URL | undefined {
  return URL.canParse(value) ? new URL(value) : undefined;
}

/**
 * A full URL, used as-is (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
 * @param value - the URL.
 * @returns its normalized form, or `undefined` when it is not an absolute URL.
 */
export function absoluteUrl(value: string): string | undefined {
  return parseUrl(value)?.href;
}

/**
 * The traces URL for a base endpoint: `/v1/traces` appended to its path.
 * @param base - such as `https://collector:4318` or `https://example.com/otlp/`.
 * @returns the URL, or `undefined` when `base` is not an absolute URL.
 * @example
 * tracesUrl("http://localhost:4318/"); // "http://localhost:4318/v1/traces"
 */
export function tracesUrl(base: string): string | undefined {
  const url = parseUrl(base);
  if (url) url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  return url?.href;
}

/**
 * @param endpoint - the `endpoint` option.
 * @param report - where a bad one is reported.
 * @returns the traces URL: `/v1/traces` appended unless the path already ends
 *   with it; `undefined` when not given or not an absolute URL.
 */
export function endpointUrl(endpoint: string | undefined, report: Report): string | undefined {
  if (endpoint === undefined) return undefined;
  const url = /\/v1\/traces\/?$/.test(endpoint) ? absoluteUrl(endpoint) : tracesUrl(endpoint);
  if (!url) report({ type: "invalid-config", key: "endpoint", message: "ignored" });
  return url;
}
