/**
 * Trust for context that comes from inside the account: its own file, so
 * that the JS-RPC and queue consumers need not import the trigger routine
 * (whose options name the queue consumer).
 * @module
 */

import type { Found } from "../core/composite-propagator.js";
import { applyInbound, type Inbound, type InboundPolicy } from "../core/inbound.js";

/**
 * The inbound policy for context that arrives from other Workers of the
 * account (JS-RPC, Queues) rather than from the Internet: trusted unless
 * the policy is `"ignore"`. A per-request predicate only applies to HTTP.
 */
export function internalInbound(found: Found, policy: InboundPolicy<Request> | undefined): Inbound {
  return applyInbound(found, policy === "ignore" ? "ignore" : "trust", undefined);
}
