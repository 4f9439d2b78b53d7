/**
 * The W3C `baggage` header: parser and formatter.
 * @see https://w3c.github.io/baggage/
 * @module
 */

import { joinHeaders } from "../join-headers.js";
import { BAGGAGE_MAX_BYTES } from "../limits.js";
import { distinctKeys } from "../list-keys.js";
import { trimOws } from "../ows.js";
import type { BaggageEntry } from "./baggage-entry.js";
import {
  ANY_OWS,
  isNormal,
  isValidBaggageKey,
  MEMBER,
  NON_ASCII_ESCAPES,
} from "./baggage-grammar.js";
import {
  type BaggageLimits,
  fitting,
  type ResolvedLimits,
  resolveLimits,
} from "./baggage-limits.js";
import { formatMember, readMember } from "./baggage-member.js";

export type { BaggageEntry, BaggageProperty } from "./baggage-entry.js";

/** Baggage by key, in header order. */
export type Baggage = ReadonlyMap<string, BaggageEntry>;

/**
 * Parses one or more `baggage` header values.
 *
 * A malformed member is dropped and the rest kept (§3.5): an invalid key,
 * value or property, or a `%` not followed by two hex digits (§3.3.1.3 says
 * `%` itself MUST be encoded). Values are percent-decoded as UTF-8, invalid
 * sequences becoming U+FFFD. A repeated key replaces the earlier value in
 * its place (a malformed later member does not). Then the limits apply to
 * that merged result as it will be sent (§3.3.2): a member that would
 * exceed them is dropped whole, never cut, and later ones may still fit.
 *
 * Each entry keeps its member as received and {@link formatBaggage} sends
 * it so, byte for byte (issue #16: a receiver that does not percent-decode
 * must read what the sender wrote), with two normalizations: OWS is
 * dropped, and `%xx` is written `%XX` (RFC 3986 §2.1: case-insensitive,
 * uppercase preferred). A member whose octets are not valid UTF-8 is sent
 * as what it decoded to (U+FFFD), re-encoded.
 *
 * @param value - the header value, or each header's value in order.
 * @param limits - defaults: 64 members, 8192 bytes.
 * @returns the baggage; empty when nothing valid was found.
 * @example
 * parseBaggage("userId=Am%C3%A9lie;pii, isProduction=false").get("userId");
 * // { value: "Amélie", properties: [{ key: "pii" }] }
 * @see https://w3c.github.io/baggage/#definition
 */
export function parseBaggage(
  value: string | readonly string[] | null | undefined,
  limits?: BaggageLimits,
): Baggage {
  const header = joinHeaders(value) ?? "";
  const resolved = resolveLimits(limits);
  // Whether the merged members go out within the limits as they came: not
  // past the byte limit (nor then tested whole)...
  let exact = header.length <= resolved.maxBytes;
  // A header in normal form has only valid members without OWS: no member check.
  const normal = exact && isNormal(header);
  // Merged first: a Map keeps a key's first place and takes the last value.
  const merged = new Map<string, BaggageEntry>();
  let check = resolved.maxMembers;
  for (let start = 0, end = 0; start <= header.length; start = end + 1) {
    end = header.indexOf(",", start);
    if (end < 0) end = header.length;
    let member = header.slice(start, end);
    if (!normal) {
      member = trimOws(member);
      if (!MEMBER.test(member)) continue;
      // Valid, so any space or tab left is OWS around `=` or `;`.
      member = member.replace(ANY_OWS, "");
    }
    const key = member.slice(0, member.indexOf("="));
    const entry = readMember(key, member);
    // ...each sent at its written length (not re-encoded)...
    exact &&= formatMember(key, entry)!.length === member.length;
    merged.set(key, entry);
    // A hostile header (10,000 members in 128 KiB) is read only while useful:
    // once the members kept fill the member limit, or leave no room for the
    // smallest member (`,k=`), only a later repeat of one of their keys could
    // change the answer. Asked past the limit, then at each doubling
    // (linear); after a repeat, everything is read.
    if (merged.size > check) {
      check *= 2;
      const kept = new Map<string, BaggageEntry>();
      const sent = fitting(merged, resolved, kept);
      if (kept.size >= resolved.maxMembers || sent.length + (sent ? 3 : 2) > resolved.maxBytes) {
        // Unless a later member may repeat a key: one regex scan (splitting
        // the tail is ten times slower). Every non-word char of a key is
        // escaped (identity escapes); a false alarm only reads on.
        const keys = [...merged.keys()].map((key) => key.replace(/\W/g, "\\$&"));
        const repeat = new RegExp(`(?:^|,)[ \\t]*(?:${keys.join("|")})[ \\t]*=`);
        if (!repeat.test(header.slice(end))) return kept;
        check = Infinity;
      }
    }
  }
  // ...and not past the member limit.
  if (exact && merged.size <= resolved.maxMembers) return merged;
  const kept = new Map<string, BaggageEntry>();
  fitting(merged, resolved, kept);
  return kept;
}

/**
 * Baggage read from a header in normal form (`isNormal`): it keeps the header
 * and parses it when first read, so baggage that is only passed on costs
 * one regex test and goes out as it came. It answers every `ReadonlyMap`
 * method as the parsed `Map` would; it is not a `Map` instance, so copy it
 * (`new Map(baggage)`) to change it.
 */
class ReceivedBaggage implements Baggage {
  /** The header when sending the baggage means sending it unchanged, within the limits. */
  static wire(baggage: Baggage, { maxMembers, maxBytes }: ResolvedLimits): string | undefined {
    if (baggage instanceof ReceivedBaggage && baggage.#header.length <= maxBytes) {
      // Counting stops past the limit: a header of thousands of tiny members costs no more than 64.
      baggage.#members ??= exactMembers(baggage.#header, maxMembers);
      if (baggage.#members >= 0 && baggage.#members <= maxMembers) return baggage.#header;
    }
    return undefined;
  }

  readonly #header: string;
  #map: Baggage | undefined;
  /** The member count when the header is its own written form, else -1; on first format. */
  #members: number | undefined;

  constructor(header: string) {
    this.#header = header;
  }

  get size(): number {
    return this.#parsed().size;
  }
  get(key: string): BaggageEntry | undefined {
    return this.#parsed().get(key);
  }
  has(key: string): boolean {
    return this.#parsed().has(key);
  }
  forEach(
    callback: (value: BaggageEntry, key: string, map: Baggage) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.#parsed()) callback.call(thisArg, value, key, this);
  }
  entries(): MapIterator<[string, BaggageEntry]> {
    return this.#parsed().entries();
  }
  keys(): MapIterator<string> {
    return this.#parsed().keys();
  }
  values(): MapIterator<BaggageEntry> {
    return this.#parsed().values();
  }
  [Symbol.iterator](): MapIterator<[string, BaggageEntry]> {
    return this.#parsed().entries();
  }

  #parsed(): Baggage {
    this.#map ??= parseBaggage(this.#header);
    return this.#map;
  }
}

/**
 * The member count of a header in normal form (`isNormal`) when formatting its
 * parse gives it back unchanged: every escape is UTF-8 (else re-encoded) and
 * no key repeats (else merged). Otherwise -1, never within a limit; also
 * -1 past `maxMembers` members, where counting stops.
 */
function exactMembers(header: string, maxMembers: number): number {
  // Only escapes of octets 0x80 and above can be invalid UTF-8: decode just
  // their runs (decoding the whole header is three times slower). A run in a
  // key, which is never decoded, only makes this conservative.
  for (const run of header.match(NON_ASCII_ESCAPES) ?? []) {
    try {
      decodeURIComponent(run);
    } catch {
      return -1;
    }
  }
  return distinctKeys(header, maxMembers);
}

/**
 * Reads a `baggage` header as {@link parseBaggage} does with the default
 * limits; a header already in normal form is kept and parsed only when
 * read. What extraction uses.
 *
 * @param value - the header value, or each header's value in order.
 * @returns the baggage; `undefined` when nothing valid was found.
 */
export function readBaggage(
  value: string | readonly string[] | null | undefined,
): Baggage | undefined {
  const header = joinHeaders(value);
  // Most requests carry none: no grammar to run (a regex's first use compiles it).
  if (!header) return undefined;
  // Longer than the byte limit it cannot go out as it came: parsed now, and only as far as useful.
  if (header.length <= BAGGAGE_MAX_BYTES && isNormal(header)) return new ReceivedBaggage(header);
  const baggage = parseBaggage(header);
  return baggage.size ? baggage : undefined;
}

/**
 * Writes a `baggage` header value. An entry read from a header and not
 * replaced is written as it came; any other is percent-encoded: every octet
 * outside `baggage-octet` and `%` itself (never `+` for a space). Members
 * with an invalid key or property key are skipped. The limits count the
 * header as written (§3.3.2). When not all members fit, entries set by this
 * service (not read from a header) are kept before received ones; a member
 * that would push the header past `maxBytes` is skipped and later smaller
 * ones may still fit. Kept members go out in their order.
 *
 * @param baggage - the baggage to write.
 * @param limits - defaults: 64 members, 8192 bytes.
 * @returns the header value; `""` when empty.
 * @example
 * formatBaggage(new Map([["serverNode", { value: "DF 28" }]])); // "serverNode=DF%2028"
 * @see https://w3c.github.io/baggage/#value
 * @see https://www.w3.org/TR/baggage/#limits
 */
export function formatBaggage(baggage: Baggage, limits?: BaggageLimits): string {
  const resolved = resolveLimits(limits);
  return ReceivedBaggage.wire(baggage, resolved) ?? fitting(baggage, resolved);
}

/**
 * {@link formatBaggage}, for the propagator: `kept`, when given, is filled with what was
 * written, unless the baggage goes out whole, as received; the keys in
 * `preferred` (a caller-set header's) count as set here.
 */
export function formatWithin(
  baggage: Baggage,
  kept?: Map<string, BaggageEntry>,
  preferred?: Baggage,
): string {
  const resolved = resolveLimits();
  return ReceivedBaggage.wire(baggage, resolved) ?? fitting(baggage, resolved, kept, preferred);
}

export { isValidBaggageKey };
