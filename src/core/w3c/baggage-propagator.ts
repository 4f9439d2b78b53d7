/**
 * The W3C Baggage propagator: the `baggage` header.
 * @see https://w3c.github.io/baggage/
 * @module
 */

import type { Propagator } from "../propagator.js";
import {
  type Baggage,
  type BaggageEntry,
  formatWithin,
  parseBaggage,
  readBaggage,
} from "./baggage.js";

/** Reads the caller's outbound header whole: limits apply once, to the merged result. */
const UNLIMITED = { maxMembers: Infinity, maxBytes: Infinity };

/**
 * W3C Baggage. Extract returns the inbound baggage (`undefined` when none is
 * valid). Inject merges into a `baggage` header the caller may already have
 * set: the caller's entries are kept first and win on a shared key, ours are
 * appended, and the result is written within the spec limits (64 members,
 * 8192 bytes of the header as sent). When not all fit, members set by this
 * service (the outbound header's, `trace.setBaggage`'s) are kept before
 * the ones received from upstream, and how many were left out is
 * told to `ctx.onBaggageDropped`. Members read from a header (the caller's, or the
 * inbound ones passed on) are written as they came. When there is nothing
 * of ours to add the header is left untouched.
 *
 * @example
 * const headers = new Headers({ baggage: "tenant=acme" });
 * w3cBaggage.inject({ ...span, baggage: new Map([["userId", { value: "alice" }]]) }, headerAccess(headers));
 * headers.get("baggage"); // "tenant=acme,userId=alice"
 * @see https://w3c.github.io/baggage/#mutating-baggage
 */
export const w3cBaggage: Propagator = {
  name: "baggage",
  kind: "baggage",
  fields: ["baggage"],
  extract(headers) {
    // Kept as received: what is only passed on goes out unchanged, never parsed.
    const baggage = readBaggage(headers.get("baggage"));
    return baggage && { baggage };
  },
  inject(ctx, headers) {
    const ours = ctx.baggage;
    if (!ours) return;
    const theirs = headers.get("baggage");
    // The caller-set header's members are set here too, and come first.
    const preferred = theirs === undefined ? undefined : parseBaggage(theirs, UNLIMITED);
    const merged = preferred ? withMissing(new Map(preferred), ours) : ours;
    if (!merged) return;
    // Formatting skips what cannot be written.
    const kept = new Map<string, BaggageEntry>();
    const value = formatWithin(merged, kept, preferred);
    if (value) headers.set("baggage", value);
    // `kept` is empty when the baggage went out whole, as received.
    if (kept.size && kept.size < merged.size) ctx.onBaggageDropped?.(merged.size - kept.size);
  },
};

/** Adds the writable entries whose key `into` lacks; returns `into`, or `undefined` when none was added. */
function withMissing(
  into: Map<string, BaggageEntry>,
  from: Baggage,
): Map<string, BaggageEntry> | undefined {
  let added: Map<string, BaggageEntry> | undefined;
  for (const [key, entry] of from) {
    // An entry that cannot be written alone (bad key, over the limits) must not
    // make us rewrite the caller's header for nothing.
    if (into.has(key) || !formatWithin(new Map([[key, entry]]))) continue;
    added = into.set(key, entry);
  }
  return added;
}
