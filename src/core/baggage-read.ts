/**
 * Reading a `baggage` header's members into one merged map, a repeated key
 * taking the later value in the first one's place, and no further than
 * useful: a hostile header of 10,000 tiny members (a Worker accepts
 * 128 KiB of headers) stops being read once 64 members already fit and no
 * later member repeats one of their keys, which would be the only way for
 * anything further to matter. The answer is the same as reading it all;
 * the work stays linear.
 * @see https://www.w3.org/TR/baggage/#limits
 * @module
 */
import type { BaggageEntry } from "./baggage.js";
import { ANY_OWS, isNormal, MEMBER } from "./baggage-grammar.js";
import type { ResolvedBaggageLimits } from "./baggage-limits.js";
import { formatMember, readMember } from "./baggage-member.js";
import { trimOws } from "./ows.js";
import { ReceivedEntry } from "./received-entry.js";

/** The merged members, and whether each is sent at its written length (so the header's length bounds what is sent). */
export interface MergedMembers {
  readonly merged: Map<string, BaggageEntry>;
  readonly exact: boolean;
}

/**
 * @param header - the joined header.
 * @param normal - whether the whole header is in normal form (no member check needed).
 * @param limits - the limits the result will be fitted to.
 * @returns the valid members merged by key; `exact` is false when any
 *   member is sent otherwise than written, or when reading stopped early.
 */
export function mergeMembers(
  header: string,
  wholeNormal: boolean,
  limits: ResolvedBaggageLimits,
): MergedMembers {
  let normal = wholeNormal;
  const merged = new Map<string, BaggageEntry>();
  let exact = true;
  // When to ask whether reading on can still matter: past the member limit,
  // then at each doubling (the check costs the map's size: amortized linear).
  let check = limits.maxMembers + 1;
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(",", start);
    if (end < 0) end = header.length;
    let member = header.slice(start, end);
    start = end + 1;
    if (!normal) {
      member = trimOws(member);
      if (!MEMBER.test(member)) continue;
      // Valid, so any space or tab left is OWS around `=` or `;`.
      member = member.replace(ANY_OWS, "");
    }
    const key = member.slice(0, member.indexOf("="));
    const entry = readMember(key, member);
    // Re-encoded (invalid UTF-8) or not kept as received: the header's length is not what is sent.
    exact &&= ReceivedEntry.wire(entry, "baggage", key)?.length === member.length;
    merged.set(key, entry);
    if (merged.size >= check) {
      if (!isFull(merged, limits)) check *= 2;
      else if (!repeatsAKey(header, start, merged)) return { merged, exact: false };
      else {
        // A later member repeats a key: read the rest too, asked once only (linear),
        // without checking each member when the rest is in normal form.
        check = Number.POSITIVE_INFINITY;
        normal ||= isNormal(header.slice(start));
      }
    }
  }
  return { merged, exact };
}

/** Whether the limits' first pass keeps `maxMembers` members before the map's end: no later key could join. */
function isFull(
  merged: Map<string, BaggageEntry>,
  { maxMembers, maxBytes }: ResolvedBaggageLimits,
): boolean {
  let count = 0;
  let bytes = -1;
  for (const [key, entry] of merged) {
    if (count >= maxMembers) return true;
    const member = formatMember(key, entry);
    if (member === undefined || bytes + 1 + member.length > maxBytes) continue;
    count++;
    bytes += 1 + member.length;
  }
  return false;
}

/**
 * Whether a member after `from` may have one of `merged`'s keys (cut
 * loosely: a false alarm only means reading on). Finds each `=` once, so
 * members without one cost no rescans, and cuts a key out only when its
 * length and first and last characters look like those of a key in `merged`.
 */
function repeatsAKey(header: string, from: number, merged: Map<string, BaggageEntry>): boolean {
  // A table rather than a Set: one array read per member (a false hit only costs a slice).
  const shapes = new Uint8Array(SHAPES);
  for (const key of merged.keys()) shapes[shape(key, 0, key.length)] = 1;
  let eq = -1;
  for (let start = from; start <= header.length; ) {
    if (eq < start) {
      eq = header.indexOf("=", start);
      if (eq < 0) return false;
    }
    let end = header.indexOf(",", start);
    if (end < 0) end = header.length;
    if (eq < end) {
      let first = start;
      let last = eq;
      while (first < last && isOws(header.charCodeAt(first))) first++;
      while (last > first && isOws(header.charCodeAt(last - 1))) last--;
      if (shapes[shape(header, first, last)] === 1 && merged.has(header.slice(first, last))) {
        return true;
      }
    }
    start = end + 1;
  }
  return false;
}

/** Distinct key shapes: 4 bits each of the length and the first and last characters. */
const SHAPES = 4096;

/** A key's length and first and last characters, folded into a table index. */
function shape(text: string, start: number, end: number): number {
  if (end <= start) return 0;
  const first = text.charCodeAt(start) & 15;
  return (((end - start) & 15) << 8) | (first << 4) | (text.charCodeAt(end - 1) & 15);
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
