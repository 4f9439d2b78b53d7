/**
 * W3C Baggage limits: which members go out within 64 members and 8192
 * bytes, measured on exactly the header that is sent. When not all fit,
 * members set by this service go before members received from the caller,
 * so a caller that fills the limits cannot crowd out this service's own.
 * @see https://www.w3.org/TR/baggage/#limits
 * @module
 */
import type { Baggage, BaggageEntry } from "./baggage.js";
import { formatMember } from "./baggage-member.js";
import { ReceivedEntry } from "./received-entry.js";

/** Limits after defaults: numbers, `Infinity` for none. */
export interface ResolvedBaggageLimits {
  readonly maxMembers: number;
  readonly maxBytes: number;
}

/** The header to send, and the keys the limits kept out of it. */
export interface FittedBaggage {
  readonly header: string;
  /** Keys of writable members left out by the limits; empty when all fit. */
  readonly dropped: readonly string[];
}

const NOTHING_DROPPED: readonly string[] = [];

/**
 * The header of the entries that can be written, within the limits. When
 * all fit they go in order. Otherwise members set here (entries not read
 * from a header, and the keys in `preferred`) are placed first, then
 * received ones; within each, a member that would push the header past
 * `maxBytes` is skipped and later smaller ones may still fit. What is kept
 * goes out in its original order.
 * @param baggage - the entries, in order.
 * @param limits - resolved limits.
 * @param preferred - keys that count as set here although read from a header (a caller-set outbound header).
 * @param kept - filled with the entries written, when given.
 * @returns the header and the keys dropped.
 * @example
 * fitBaggage(new Map([["a", { value: "1" }]]), { maxMembers: 64, maxBytes: 8192 }).header; // "a=1"
 */
export function fitBaggage(
  baggage: Baggage,
  limits: ResolvedBaggageLimits,
  preferred?: ReadonlySet<string>,
  kept?: Map<string, BaggageEntry>,
): FittedBaggage {
  const { maxMembers, maxBytes } = limits;
  let header = "";
  let count = 0;
  for (const [key, entry] of baggage) {
    const member = formatMember(key, entry);
    if (member === undefined) continue;
    if (count >= maxMembers || header.length + member.length + (count && 1) > maxBytes) {
      kept?.clear();
      return byPrecedence(baggage, limits, preferred, kept);
    }
    header += count++ ? `,${member}` : member;
    kept?.set(key, entry);
  }
  return { header, dropped: NOTHING_DROPPED };
}

/** Not everything fits: members set here are placed first, then received ones. */
function byPrecedence(
  baggage: Baggage,
  { maxMembers, maxBytes }: ResolvedBaggageLimits,
  preferred: ReadonlySet<string> | undefined,
  kept: Map<string, BaggageEntry> | undefined,
): FittedBaggage {
  const keys: string[] = [];
  const entries: BaggageEntry[] = [];
  const members: Array<string | undefined> = [];
  const local: boolean[] = [];
  for (const [key, entry] of baggage) {
    keys.push(key);
    entries.push(entry);
    members.push(formatMember(key, entry));
    local.push(preferred?.has(key) === true || !(entry instanceof ReceivedEntry));
  }
  const taken: boolean[] = [];
  let count = 0;
  // Each member costs its length and a comma; the first needs no comma.
  let bytes = -1;
  for (const setHere of [true, false]) {
    for (let i = 0; i < members.length && count < maxMembers; i++) {
      const member = members[i];
      if (member === undefined || local[i] !== setHere) continue;
      if (bytes + 1 + member.length > maxBytes) continue;
      taken[i] = true;
      count++;
      bytes += 1 + member.length;
    }
  }
  let header = "";
  const dropped: string[] = [];
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    if (member === undefined) continue;
    if (!taken[i]) {
      dropped.push(keys[i]!);
      continue;
    }
    header += header ? `,${member}` : member;
    kept?.set(keys[i]!, entries[i]!);
  }
  return { header, dropped };
}
