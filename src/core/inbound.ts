/**
 * The inbound policy: whether a request's trace context is trusted.
 * @module
 */
import { type Found, NOTHING_FOUND } from "./composite-propagator.js";
import type { RemoteSpanContext } from "./propagator.js";
import type { Baggage } from "./w3c/baggage.js";

/**
 * `"trust"` continues the caller's trace (the default); `"ignore"` starts a
 * new trace, keeps the caller's context only as a span link and drops its
 * baggage; a predicate decides per request (`true` trusts).
 */
export type InboundPolicy<R = Request> = "trust" | "ignore" | ((request: R) => boolean);

/** The parent, links and baggage that a server span starts from. */
export interface Inbound {
  readonly parent?: (RemoteSpanContext & { readonly format: string }) | undefined;
  readonly links: readonly RemoteSpanContext[];
  readonly baggage: Baggage;
}

/**
 * Applies the inbound policy to what was extracted.
 * @param found - the extracted context and baggage.
 * @param policy - the policy.
 * @param request - handed to a predicate policy; a predicate that throws means untrusted.
 * @returns the parent (when trusted), links (when not) and baggage (when trusted).
 */
export function applyInbound<R>(found: Found, policy: InboundPolicy<R>, request: R): Inbound {
  if (isTrusted(policy, request)) {
    return { parent: found.context, links: [], baggage: found.baggage };
  }
  return { links: found.context ? [found.context] : [], baggage: NOTHING_FOUND.baggage };
}

/** Asks the policy once; a predicate that throws means untrusted. */
export function isTrusted<R>(policy: InboundPolicy<R>, request: R): boolean {
  if (policy === "trust") return true;
  if (policy === "ignore") return false;
  try {
    return policy(request) === true;
  } catch {
    return false;
  }
}
