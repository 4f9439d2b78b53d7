/**
 * HTTP semantic-convention attributes, stable since semconv 1.23.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/
 * @module
 */
import type { HttpConventions } from "../trace/recorder.js";
import type { Attributes } from "../trace/span-data.js";

/** The methods the convention knows; any other becomes `_OTHER`. */
const KNOWN_METHODS = [
  "CONNECT",
  "DELETE",
  "GET",
  "HEAD",
  "OPTIONS",
  "PATCH",
  "POST",
  "PUT",
  "TRACE",
  "QUERY",
];

/**
 * The query keys OpenTelemetry says to redact by default (signed URLs).
 * @see https://opentelemetry.io/docs/specs/semconv/attributes-registry/url/
 */
const SENSITIVE_QUERY = /([?&](?:AWSAccessKeyId|Signature|sig|X-Goog-Signature)=)[^&#]*/g;

const REDACTED = "REDACTED";

/** The method in upper case when the convention knows it (spans and metrics alike). */
export function knownMethod(method: string): string | undefined {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.includes(upper) ? upper : undefined;
}

/**
 * @param method - the request method as sent.
 * @returns `http.request.method`; an unknown method is `_OTHER`, with `http.request.method_original`.
 * @example
 * methodAttributes("PURGE"); // { "http.request.method": "_OTHER", "http.request.method_original": "PURGE" }
 */
export function methodAttributes(method: string): Attributes {
  const known = knownMethod(method);
  return {
    "http.request.method": known ?? "_OTHER",
    "http.request.method_original": known ? undefined : method,
  };
}

/**
 * @param method - the request method.
 * @param route - the matched route, if known.
 * @returns the span name: `GET /users/:id`, or just `GET` (`HTTP` for unknown methods).
 */
export function httpSpanName(method: string, route?: string): string {
  const name = knownMethod(method) ?? "HTTP";
  return route ? `${name} ${route}` : name;
}

/**
 * @param url - the request URL.
 * @param method - the request method.
 * @param userAgent - the `User-Agent` header.
 * @returns the attributes of an inbound request (server span); signed-URL
 *   query values are redacted from `url.query`.
 */
export function serverRequestAttributes(
  url: URL,
  method: string,
  userAgent?: string | null,
): Attributes {
  // Assigned onto one object, not spread: spreading is several times slower
  // in Node 20, and this runs on every request.
  return Object.assign(methodAttributes(method), {
    "url.path": url.pathname,
    "url.query": url.search ? redactQuery(url.search).slice(1) : undefined,
    "url.scheme": url.protocol.slice(0, -1),
    "server.address": url.hostname,
    "server.port": url.port ? +url.port : undefined,
    "user_agent.original": userAgent ?? undefined,
  });
}

/**
 * @param url - the request URL.
 * @param method - the request method.
 * @returns the attributes of an outbound request (client span); credentials
 *   and signed-URL query values are redacted from `url.full`.
 */
export function clientRequestAttributes(url: URL, method: string): Attributes {
  const search = redactQuery(url.search);
  let full = url;
  // A copy (a second URL parse) only for a URL that needs redacting: this runs per call.
  if (url.username || url.password || search !== url.search) {
    full = new URL(url);
    if (full.username) full.username = REDACTED;
    if (full.password) full.password = REDACTED;
    full.search = search;
  }
  return Object.assign(methodAttributes(method), {
    "url.full": full.href,
    "server.address": url.hostname,
    "server.port": url.port
      ? +url.port
      : ({ "https:": 443, "http:": 80 } as Record<string, number>)[url.protocol],
  });
}

/**
 * @param status - the response status.
 * @param kind - a server span fails on 5xx, a client span on 4xx and 5xx.
 * @returns `http.response.status_code`, and `error.type` for errors.
 */
export function responseAttributes(status: number, kind: "server" | "client"): Attributes {
  return {
    "http.response.status_code": status,
    "error.type": isErrorStatus(status, kind) ? String(status) : undefined,
  };
}

/**
 * @param status - the response status.
 * @param kind - the span's kind.
 * @returns true when the status marks the span as an error.
 */
export function isErrorStatus(status: number, kind: "server" | "client"): boolean {
  return status >= 500 || (kind === "client" && status >= 400);
}

/** `?a=1&sig=secret` → `?a=1&sig=REDACTED`. */
function redactQuery(search: string): string {
  return search.replace(SENSITIVE_QUERY, `$1${REDACTED}`);
}

/** The conventions as the recorder hands them to the tracer. */
export const HTTP_CONVENTIONS: HttpConventions = {
  spanName: httpSpanName,
  method: methodAttributes,
  server: serverRequestAttributes,
  client: clientRequestAttributes,
  response: responseAttributes,
  isError: isErrorStatus,
};
