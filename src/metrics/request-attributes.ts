/**
 * The attributes of the HTTP request-duration metrics, from what the
 * adapters hand the observer: the method as the convention names it, the
 * status, `error.type`, and a call's `server.address` and `server.port`.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 * @module
 */
import { isErrorStatus, knownMethod } from "../export/http-attributes.js";
import type { RequestOutcome } from "../trace/recorder.js";

/** The status a request ended with: Lambda's, or the returned `Response`'s; none when it threw. */
export function statusOf(outcome: RequestOutcome): number | undefined {
  if ("status" in outcome) return outcome.status;
  if (!("response" in outcome)) return undefined;
  const status = (outcome.response as { status?: unknown } | null | undefined)?.status;
  return typeof status === "number" && Number.isInteger(status) ? status : undefined;
}

/** Server side, a 5xx is an error (as on the span); `error.type` is then the status code. */
export function serverError(status: number | undefined): string | undefined {
  return status !== undefined && isErrorStatus(status, "server") ? String(status) : undefined;
}

/** Client side, any 4xx or 5xx is. */
export function clientError(status: number | undefined): string | undefined {
  return status !== undefined && isErrorStatus(status, "client") ? String(status) : undefined;
}

/** `http.request.method`: upper case when the convention knows it, else `_OTHER`. */
export function normalMethod(method: string): string {
  return knownMethod(method) ?? "_OTHER";
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/** The URL a `trace.fetch` input names. */
export function targetOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/** `server.address` and `server.port` of a call target. */
export interface ServerOf {
  readonly address?: string;
  readonly port?: number;
}

/** Parsed origins: calls repeat a few upstreams, and a URL parse is the costliest step here. */
const origins = new Map<string, ServerOf>();
const MAX_ORIGINS = 256;

export function serverOf(target: string): ServerOf {
  // The origin is everything before the path, query or fragment after "scheme://".
  const scheme = target.indexOf("://");
  const rest = scheme < 0 ? -1 : target.slice(scheme + 3).search(/[/?#]/);
  const origin = rest < 0 ? target : target.slice(0, scheme + 3 + rest);
  let found = origins.get(origin);
  if (found) return found;
  found = {};
  if (URL.canParse(origin)) {
    const url = new URL(origin);
    found = {
      address: url.hostname,
      port: url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol],
    };
  }
  if (origins.size >= MAX_ORIGINS) origins.clear();
  origins.set(origin, found);
  return found;
}
