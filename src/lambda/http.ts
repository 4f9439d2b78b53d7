/**
 * HTTP events (API Gateway v1 and v2, function URLs, ALB): the request's
 * semantic-convention attributes, the status of a proxy result, and the
 * optional `traceresponse` header.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server-semantic-conventions
 * @module
 */
import { type HeaderRecord, headerAccess } from "../core/carrier.js";
import { TRACERESPONSE, traceResponseValue } from "../server/trace-response.js";
import type { HttpConventions } from "../trace/recorder.js";
import type { Attributes } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { isRecord } from "./carriers.js";

/** What the adapter needs to know about an HTTP request, whatever its event shape. */
export interface HttpRequestInfo {
  readonly method: string;
  /** The matched route template (`/items/{id}`), when the front knows it. */
  readonly route: string | undefined;
  readonly path: string | undefined;
  readonly query: string | undefined;
  readonly host: string | undefined;
  readonly userAgent: string | undefined;
  readonly clientAddress: string | undefined;
  /** `HTTP/1.1` as API Gateway writes it. */
  readonly protocol: string | undefined;
  readonly headers: HeaderRecord;
}

/**
 * `GET /items/{id}`, or just `GET` when no route is known.
 * @param conventions - the recorder's; without one nothing records and the name is the method.
 */
export function httpName(info: HttpRequestInfo, conventions: HttpConventions | undefined): string {
  return conventions ? conventions.spanName(info.method, info.route) : info.method;
}

/**
 * Server-span attributes of an HTTP event.
 * @param info - the request.
 * @param conventions - the recorder's HTTP conventions (they arrive with an exporter).
 * @returns `http.request.method`, `http.route`, `url.*`, `server.address`, ...
 */
export function httpAttributes(
  info: HttpRequestInfo,
  conventions: HttpConventions | undefined,
): Attributes {
  const headers = headerAccess(info.headers);
  const scheme = firstValue(headers.get("x-forwarded-proto")) ?? "https";
  return {
    ...conventions?.method(info.method),
    "http.route": info.route,
    "url.path": info.path,
    "url.query": info.query || undefined,
    "url.scheme": scheme,
    "server.address": hostName(info.host ?? firstValue(headers.get("host"))),
    "user_agent.original": info.userAgent ?? headers.get("user-agent"),
    "client.address": info.clientAddress,
    "network.protocol.version": info.protocol?.startsWith("HTTP/")
      ? info.protocol.slice(5)
      : undefined,
  };
}

/**
 * The status a proxy result will be sent with. HTTP API v2 and function
 * URLs send anything without a numeric `statusCode` as a 200 JSON body.
 * @param result - what the handler returned.
 * @param defaultsTo200 - true for payload format 2.0.
 * @returns the status, or `undefined` when the front would reject the result.
 */
export function resultStatus(result: unknown, defaultsTo200: boolean): number | undefined {
  if (isRecord(result) && typeof result.statusCode === "number") return result.statusCode;
  return defaultsTo200 ? 200 : undefined;
}

/**
 * A copy of a structured proxy result with a `traceresponse` header in a new
 * headers object; the handler's result is never mutated. Results that are
 * not structured (a v2 string or body object) and results that already set
 * the header are returned as they are.
 * @param result - what the handler returned.
 * @param trace - the invocation's trace: the header names its span (the same writer as the other adapters').
 * @param multiValue - write `multiValueHeaders` when the result has neither
 *   (an ALB target group with multi-value headers ignores `headers`).
 * @returns the result to send.
 * @see https://www.w3.org/TR/trace-context-2/#traceresponse-header
 */
export function withTraceResponse<R>(result: R, trace: Trace, multiValue: boolean): R {
  if (!isRecord(result) || typeof result.statusCode !== "number") return result;
  const multi = result.multiValueHeaders;
  const single = result.headers;
  if (hasHeader(multi, TRACERESPONSE) || hasHeader(single, TRACERESPONSE)) return result;
  const value = traceResponseValue(trace);
  if (isRecord(multi) || (multiValue && !isRecord(single))) {
    const headers = { ...(isRecord(multi) ? multi : {}), [TRACERESPONSE]: [value] };
    return { ...result, multiValueHeaders: headers } as R;
  }
  return {
    ...result,
    headers: { ...(isRecord(single) ? single : {}), [TRACERESPONSE]: value },
  } as R;
}

function hasHeader(headers: unknown, name: string): boolean {
  if (!isRecord(headers)) return false;
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The first of comma-joined values (`x-forwarded-proto: https, http`). */
function firstValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(",");
  const first = (comma < 0 ? value : value.slice(0, comma)).trim();
  return first === "" ? undefined : first;
}

/** `example.com:8443` → `example.com`; an IPv6 literal keeps its brackets off. */
function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 0 ? host.slice(1, end) : host;
  }
  const colon = host.indexOf(":");
  return colon < 0 ? host : host.slice(0, colon);
}
