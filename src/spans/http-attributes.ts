/**
 * HTTP semantic-convention attributes, stable since semconv 1.23.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/
 * @module
 */
import type { HttpConventions } from "./recorder.js";
import type { Attributes } from "./types.js";

const KNOWN_METHODS = new Set([
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
]);

/** `http.request.method`: unknown methods become `_OTHER`, as the convention requires. */
export function methodAttributes(method: string): Attributes {
  const upper = method.toUpperCase();
  if (KNOWN_METHODS.has(upper)) return { "http.request.method": upper };
  return { "http.request.method": "_OTHER", "http.request.method_original": method };
}

/** The method in upper case when the convention knows it. */
function knownMethod(method: string): string | undefined {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : undefined;
}

/** The span name for an HTTP span: `GET /users/:id`, or just `GET` with no route. */
export function httpSpanName(method: string, route?: string): string {
  const upper = method.toUpperCase();
  const name = KNOWN_METHODS.has(upper) ? upper : "HTTP";
  return route ? `${name} ${route}` : name;
}

/** Attributes of an inbound request, for a server span. */
export function serverRequestAttributes(
  url: URL,
  method: string,
  userAgent?: string | null,
): Attributes {
  // Literal fields rather than a spread of methodAttributes: spreading is
  // several times slower in Node 20, and this runs on every request.
  const known = knownMethod(method);
  return {
    "http.request.method": known ?? "_OTHER",
    "http.request.method_original": known === undefined ? method : undefined,
    "url.path": url.pathname,
    "url.query": url.search ? redactQuery(url.search).slice(1) : undefined,
    "url.scheme": url.protocol.slice(0, -1),
    "server.address": url.hostname,
    "server.port": url.port ? Number(url.port) : undefined,
    "user_agent.original": userAgent ?? undefined,
  };
}

/**
 * Attributes of an outbound request, for a client span; credentials and
 * signed-URL query values are redacted from `url.full`.
 */
export function clientRequestAttributes(url: URL, method: string): Attributes {
  const known = knownMethod(method);
  return {
    "http.request.method": known ?? "_OTHER",
    "http.request.method_original": known === undefined ? method : undefined,
    "url.full": redactedUrl(url),
    "server.address": url.hostname,
    "server.port": url.port ? Number(url.port) : defaultPort(url.protocol),
  };
}

/**
 * `http.response.status_code`, and `error.type` for errors: 5xx for a
 * server, 4xx and 5xx for a client.
 */
export function responseAttributes(status: number, kind: "server" | "client"): Attributes {
  const failed = isErrorStatus(status, kind);
  return { "http.response.status_code": status, "error.type": failed ? String(status) : undefined };
}

/** True when a status marks the span as an error. */
export function isErrorStatus(status: number, kind: "server" | "client"): boolean {
  return status >= 500 || (kind === "client" && status >= 400);
}

function redactedUrl(url: URL): string {
  const search = redactQuery(url.search);
  if (!url.username && !url.password && search === url.search) return url.href;
  const copy = new URL(url.href);
  if (copy.username) copy.username = "REDACTED";
  if (copy.password) copy.password = "REDACTED";
  copy.search = search;
  return copy.href;
}

/**
 * The query keys OpenTelemetry says to redact by default (signed URLs).
 * @see https://opentelemetry.io/docs/specs/semconv/attributes-registry/url/
 */
const SENSITIVE_QUERY = /([?&](?:AWSAccessKeyId|Signature|sig|X-Goog-Signature)=)[^&#]*/g;

/** `?a=1&sig=secret` → `?a=1&sig=REDACTED`. */
function redactQuery(search: string): string {
  return search.replace(SENSITIVE_QUERY, "$1REDACTED");
}

function defaultPort(protocol: string): number | undefined {
  if (protocol === "https:") return 443;
  if (protocol === "http:") return 80;
  return undefined;
}

/** The conventions as the recorder hands them to the tracer. */
export const HTTP_CONVENTIONS: HttpConventions = {
  spanName: httpSpanName,
  server: serverRequestAttributes,
  client: clientRequestAttributes,
  response: responseAttributes,
  isError: isErrorStatus,
};
