/**
 * One baggage member, both ways: from its wire text to an entry that
 * remembers that text, and from an entry back to wire text.
 * @see https://w3c.github.io/baggage/#definition
 * @module
 */

import { decodeLossy, encodeValue } from "../percent-encoding.js";
import type { BaggageEntry, BaggageProperty } from "./baggage-entry.js";
import { ESCAPES, isValidBaggageKey, LOWERCASE_ESCAPE, VALUES } from "./baggage-grammar.js";
import { ReceivedEntry } from "./received-entry.js";

/**
 * The entry of a valid member without OWS: kept as received when its
 * octets are well-formed UTF-8, else decoded with U+FFFD and re-encoded
 * (its wire text then differs from the member's).
 */
export function readMember(key: string, member: string): BaggageEntry {
  let exact = true;
  const decode = (raw: string): string => {
    try {
      return raw.includes("%") ? decodeURIComponent(raw) : raw;
    } catch {
      exact = false;
      return decodeLossy(raw);
    }
  };
  const semi = member.indexOf(";");
  const value = decode(member.slice(key.length + 1, semi < 0 ? member.length : semi));
  const properties =
    semi < 0
      ? undefined
      : member
          .slice(semi + 1)
          .split(";")
          .map((property): BaggageProperty => {
            const eq = property.indexOf("=");
            if (eq < 0) return { key: property };
            return { key: property.slice(0, eq), value: decode(property.slice(eq + 1)) };
          });
  // Still received when not exact (not set here, for the limits' precedence), but
  // sent as what it decoded to. Escapes are case-insensitive, and what we send
  // uses uppercase (RFC 3986 §2.1); only in values: a `%` in a key is just a tchar.
  const text = !exact
    ? formatMember(key, { value, properties })!
    : LOWERCASE_ESCAPE.test(member)
      ? member.replace(VALUES, (text) => text.replace(ESCAPES, (e) => e.toUpperCase()))
      : member;
  return new ReceivedEntry(value, properties, "baggage", key, text);
}

/** The wire form of one member, or `undefined` when a key is not a token. */
export function formatMember(key: string, entry: BaggageEntry): string | undefined {
  const received = ReceivedEntry.wire(entry, "baggage", key);
  if (received !== undefined) return received;
  if (!isValidBaggageKey(key) || typeof entry?.value !== "string") return undefined;
  let member = `${key}=${encodeValue(entry.value)}`;
  for (const property of entry.properties ?? []) {
    const name = property?.key;
    if (!isValidBaggageKey(name)) return undefined;
    const value = property.value;
    member += typeof value === "string" ? `;${name}=${encodeValue(value)}` : `;${name}`;
  }
  return member;
}
