/**
 * Resource-like attributes every Workers span of an invocation carries.
 * @see https://opentelemetry.io/docs/specs/semconv/resource/cloud/
 * @see https://opentelemetry.io/docs/specs/semconv/faas/faas-spans/
 * @module
 */
import type { Attributes } from "../trace/span-data.js";
import type { MessageBatchLike } from "./platform.js";

/** `cloud.provider` and `cloud.platform` for Workers. */
export const PLATFORM_ATTRIBUTES: Attributes = {
  "cloud.provider": "cloudflare",
  "cloud.platform": "cloudflare.workers",
};

/** `messaging.system` for Cloudflare Queues. */
export const QUEUES_SYSTEM = "cloudflare_queues";

/** The attributes of a consumed batch's span. */
export function queueAttributes(batch: MessageBatchLike): Attributes {
  return {
    "faas.trigger": "pubsub",
    ...PLATFORM_ATTRIBUTES,
    "messaging.system": QUEUES_SYSTEM,
    "messaging.operation.type": "process",
    "messaging.destination.name": batch.queue,
    "messaging.batch.message_count": batch.messages.length,
  };
}

/**
 * The data centre an isolate serves from, per resolved tracer: `request.cf`
 * is deserialised on first access, about 20 µs a request in production and
 * 70 µs in Miniflare, for a value that does not change within an isolate.
 */
/** `<ray id>-<colo>`: the part after the last dash, when both parts are there. */
const RAY_COLO = /.-([^-]+)$/;

const colos = new WeakMap<object, string | undefined>();

/**
 * @param request - an incoming request. Its data centre becomes `cloud.region`:
 *   from the `cf-ray` header (`<ray id>-<colo>`, set on every request
 *   Cloudflare's edge delivers), else from `request.cf.colo`, read once per
 *   isolate (`key`).
 * @param key - what the colo read from `request.cf` is remembered by: the resolved tracer.
 * @returns the server span's Workers attributes.
 */
export function fetchAttributes(request: Request, key: object): Attributes {
  return {
    "faas.trigger": "http",
    ...PLATFORM_ATTRIBUTES,
    "cloud.region": RAY_COLO.exec(request.headers.get("cf-ray") ?? "")?.[1] ?? cfColo(request, key),
  };
}

function cfColo(request: Request, key: object): string | undefined {
  // Only a real answer is remembered (a request made in code says nothing
  // about the isolate), so `undefined` means "not read yet".
  let region = colos.get(key);
  if (region === undefined) {
    // Requests made in code (and in tests) have no `cf`; a primitive has no `colo`.
    const colo = (request as { cf?: { colo?: unknown } | null }).cf?.colo;
    if (typeof colo === "string") {
      region = colo;
      colos.set(key, colo);
    }
  }
  return region;
}
