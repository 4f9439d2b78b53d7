/**
 * The baggage limits (W3C Baggage §3.3.2: at least 64 members and 8192
 * bytes, on the header as sent), and the members of a baggage that fit
 * them, set-here members first.
 * @see https://www.w3.org/TR/baggage/#limits
 * @module
 */
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS } from "../limits.js";
import type { BaggageEntry } from "./baggage-entry.js";
import { formatMember } from "./baggage-member.js";
import { ReceivedEntry } from "./received-entry.js";

/** How much baggage to accept and send. Values below the defaults break the spec's minimum. */
export interface BaggageLimits {
  /** Most members kept. Default 64. */
  maxMembers?: number;
  /** Most bytes of the serialized header, commas included. Default 8192. */
  maxBytes?: number;
}

/** Limits with every default filled in. */
export type ResolvedLimits = Required<BaggageLimits>;

/**
 * The header of the entries that can be written, within the limits (W3C
 * Baggage §3.3.2, on the header as sent): members set here (entries not
 * read from a header, or in `preferred`) are placed first, then received ones; in each
 * pass a member that would push the header past `maxBytes` is skipped and
 * later smaller ones may still fit. Kept members go out in their order.
 * @param kept - filled with the entries written, when given.
 */
export function fitting(
  baggage: ReadonlyMap<string, BaggageEntry>,
  { maxMembers, maxBytes }: ResolvedLimits,
  kept?: Map<string, BaggageEntry>,
  preferred?: ReadonlyMap<string, BaggageEntry>,
): string {
  const taken = new Set<string>();
  // Each member costs its length and a comma; the first needs no comma.
  let bytes = -1;
  for (const setHere of [true, false]) {
    for (const [key, entry] of baggage) {
      const member = formatMember(key, entry);
      // A written member is never empty (`k=` at least).
      if (
        member &&
        taken.size < maxMembers &&
        (preferred?.has(key) || !(entry instanceof ReceivedEntry)) === setHere &&
        bytes + member.length < maxBytes
      ) {
        taken.add(key);
        bytes += member.length + 1;
      }
    }
  }
  let header = "";
  for (const [key, entry] of baggage) {
    if (taken.has(key)) {
      header += `${header && ","}${formatMember(key, entry)}`;
      kept?.set(key, entry);
    }
  }
  return header;
}

/** Sanitized limits: a missing or NaN limit takes the default; a negative one allows nothing. */
export function resolveLimits(limits?: BaggageLimits): ResolvedLimits {
  // `v >= 0` and `v < 0` are both false for NaN and for anything not a number.
  const pick = (v: number | undefined, fallback: number): number =>
    (v as number) >= 0 ? (v as number) : (v as number) < 0 ? 0 : fallback;
  return {
    maxMembers: pick(limits?.maxMembers, BAGGAGE_MAX_MEMBERS),
    maxBytes: pick(limits?.maxBytes, BAGGAGE_MAX_BYTES),
  };
}
