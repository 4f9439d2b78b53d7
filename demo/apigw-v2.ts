/**
 * Turns a Node HTTP request into the event an API Gateway HTTP API
 * (payload format 2.0) hands a Lambda function, and the function's result
 * back into an HTTP response, as API Gateway does.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiGatewayProxyEventV2, ProxyResult } from "../src/lambda.js";

/** The fake API's identity, shaped like a real one. */
const API_ID = "dem0api7x1";
const ACCOUNT_ID = "123456789012";
const REGION = "us-east-1";

/** A route such as `GET /stock/{sku}`; `$default` catches the rest. */
export type RouteKey = string;

/**
 * @param req - the incoming request.
 * @param body - its body, read in full.
 * @param routes - the API's routes, most specific first.
 * @returns the v2 event.
 */
export function toEventV2(
  req: IncomingMessage,
  body: Buffer,
  routes: readonly RouteKey[],
): ApiGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  const { routeKey, pathParameters } = matchRoute(routes, method, url.pathname);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    // Cookies get their own array; other repeated headers are comma-joined, names lowercase.
    if (name === "cookie") cookies.push(...values.flatMap((v) => v.split(/;\s*/)));
    else headers[name] = values.join(",");
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  const host = headers.host ?? `${API_ID}.execute-api.${REGION}.amazonaws.com`;
  const now = new Date();
  const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
  const textual = body.length === 0 || isText(headers["content-type"]);
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomBytes(12).toString("base64url").slice(0, 16),
      routeKey,
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString(textual ? "utf8" : "base64") } : {}),
    isBase64Encoded: !textual,
  };
}

/**
 * Writes a handler's result as API Gateway does: a result without
 * `statusCode` is itself the JSON body of a 200.
 * @param result - what the handler returned.
 * @param res - the response to write.
 */
export function writeResultV2(result: unknown, res: ServerResponse): void {
  if (!isProxyResult(result)) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { "content-type": "application/json" }).end(body);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = [...result.cookies];
  const body = result.body ?? "";
  res
    .writeHead(result.statusCode, headers)
    .end(result.isBase64Encoded ? Buffer.from(body, "base64") : body);
}

function matchRoute(
  routes: readonly RouteKey[],
  method: string,
  path: string,
): { routeKey: string; pathParameters?: Record<string, string> } {
  const segments = path.split("/").filter(Boolean);
  for (const route of routes) {
    const [routeMethod, pattern = ""] = route.split(" ");
    if (routeMethod !== "ANY" && routeMethod !== method) continue;
    const parts = pattern.split("/").filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = decodeURIComponent(segments[i] ?? "");
      if (!part.startsWith("{")) return part === segment;
      params[part.slice(1, -1)] = segment;
      return true;
    });
    if (matches) {
      return Object.keys(params).length > 0
        ? { routeKey: route, pathParameters: params }
        : { routeKey: route };
    }
  }
  return { routeKey: "$default" };
}

function isProxyResult(value: unknown): value is ProxyResult {
  return typeof value === "object" && value !== null && "statusCode" in value;
}

function isText(contentType: string | undefined): boolean {
  return !contentType || /^text\/|json|xml|x-www-form-urlencoded|javascript/i.test(contentType);
}

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/** `09/Apr/2025:12:34:56 +0000`, the format of `requestContext.time`. */
function clfTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
