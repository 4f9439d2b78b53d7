/**
 * Reads the request out of each HTTP event shape.
 * @module
 */
import type { HeaderRecord } from "../core/carrier.js";
import { httpHeaders, isRecord } from "./carriers.js";
import type { HttpRequestInfo } from "./http.js";

type UnknownRecord = Readonly<Record<string, unknown>>;

/**
 * API Gateway REST API (payload 1.0): the route is the resource template.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export function v1Request(event: UnknownRecord): HttpRequestInfo {
  const context = recordOf(event.requestContext);
  const identity = recordOf(context.identity);
  return {
    method: str(event.httpMethod) ?? str(context.httpMethod) ?? "GET",
    route: str(event.resource),
    path: str(event.path),
    query: undefined,
    host: str(context.domainName),
    userAgent: str(identity.userAgent),
    clientAddress: str(identity.sourceIp),
    protocol: str(context.protocol),
    headers: httpHeaders(event),
  };
}

/**
 * HTTP API payload 2.0 and function URLs: the route is the part of
 * `routeKey` after the method; `$default` names no route.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function v2Request(event: UnknownRecord): HttpRequestInfo {
  const context = recordOf(event.requestContext);
  const http = recordOf(context.http);
  return {
    method: str(http.method) ?? "GET",
    route: routeOf(str(event.routeKey)),
    path: str(event.rawPath) ?? str(http.path),
    query: str(event.rawQueryString),
    host: str(context.domainName),
    userAgent: str(http.userAgent),
    clientAddress: str(http.sourceIp),
    protocol: str(http.protocol),
    headers: isRecord(event.headers) ? (event.headers as HeaderRecord) : {},
  };
}

/**
 * ALB: no route is known; headers come single- or multi-value, per the
 * target group's setting.
 */
export function albRequest(event: UnknownRecord): HttpRequestInfo {
  return {
    method: str(event.httpMethod) ?? "GET",
    route: undefined,
    path: str(event.path),
    query: undefined,
    host: undefined,
    userAgent: undefined,
    clientAddress: undefined,
    protocol: undefined,
    headers: httpHeaders(event),
  };
}

/** `GET /items/{id}` → `/items/{id}`; `$default` → none. */
function routeOf(routeKey: string | undefined): string | undefined {
  if (routeKey === undefined || routeKey === "$default") return undefined;
  const space = routeKey.indexOf(" ");
  const route = space < 0 ? routeKey : routeKey.slice(space + 1);
  return route.startsWith("/") ? route : undefined;
}

function recordOf(value: unknown): UnknownRecord {
  return isRecord(value) ? value : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
