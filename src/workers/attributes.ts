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
 * @param request - an incoming request; its `cf.colo` (the data centre) becomes `cloud.region`.
 * @returns the server span's Workers attributes.
 */
export function fetchAttributes(request: Request): Attributes {
  // Requests made in code (and in tests) have no `cf`; a primitive has no `colo`.
  const colo = (request as { cf?: { colo?: unknown } | null }).cf?.colo;
  return {
    "faas.trigger": "http",
    ...PLATFORM_ATTRIBUTES,
    "cloud.region": typeof colo === "string" ? colo : undefined,
  };
}
