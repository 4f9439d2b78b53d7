/**
 * The W3C `baggage` header: parser and formatter.
 * @see https://w3c.github.io/baggage/
 * @module
 */

import { isTchar, scanBaggage } from "./baggage-scan.js";
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS } from "./limits.js";
import { trimOws } from "./ows.js";
import { decodeValue, encodedLength, encodeValue } from "./percent-encoding.js";

/** A `;key` or `;key=value` property of a baggage member, value percent-decoded. */
export interface BaggageProperty {
  readonly key: string;
  /** `undefined` for a bare `;key`; `""` for `;key=`. */
  readonly value?: string | undefined;
}

/** One baggage member: its decoded value and its properties in order. */
export interface BaggageEntry {
  readonly value: string;
  readonly properties?: readonly BaggageProperty[] | undefined;
}

/** Baggage by key, in header order. */
export type Baggage = ReadonlyMap<string, BaggageEntry>;

/** How much baggage to accept and send. Values below the defaults break the spec's minimum. */
export interface BaggageLimits {
  /** Most members kept. Default 64. */
  maxMembers?: number;
  /** Most bytes of the serialized header, commas included. Default 8192. */
  maxBytes?: number;
}

/**
 * Parses one or more `baggage` header values.
 *
 * A malformed member is dropped and the rest kept (§3.5): an invalid key,
 * value or property, or a `%` not followed by two hex digits (§3.3.1.3 says
 * `%` itself MUST be encoded). Values are percent-decoded as UTF-8, invalid
 * sequences becoming U+FFFD. A repeated key replaces the earlier value in
 * its place (unless the later member is malformed or would break the byte
 * limit, then the earlier stays). Members that would exceed the limits (counted on the normalized
 * header, all headers combined) are dropped whole, never cut (§3.3.2).
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
  const header = joinHeaders(value);
  const { maxMembers, maxBytes } = resolveLimits(limits);
  const baggage = new Map<string, BaggageEntry>();
  const sizes = new Map<string, number>();
  let bytes = 0;
  for (const raw of header === undefined ? [] : header.split(",")) {
    const key = memberKey(raw);
    if (key === undefined) continue;
    const old = sizes.get(key);
    // Full when no new key may enter: skip the decoding work it would cost.
    if (old === undefined && baggage.size >= maxMembers) continue;
    const entry = parseMember(raw);
    if (!entry) continue;
    const size = memberSize(key, entry);
    const next = old === undefined ? bytes + size + (baggage.size > 0 ? 1 : 0) : bytes - old + size;
    if (next > maxBytes) continue;
    baggage.set(key, entry);
    sizes.set(key, size);
    bytes = next;
  }
  return baggage;
}

// The header a WireBaggage keeps, for formatBaggage; set in the class's static block.
let wireOf!: (baggage: Baggage) => string | undefined;

/**
 * Baggage read from a header already in normal form ({@link scanBaggage}):
 * it keeps the header and parses it on first read, so baggage that is only
 * passed on costs one validating pass and is re-emitted as it came. It
 * answers every `ReadonlyMap` method exactly as the parsed `Map` would; it
 * is not a `Map` instance, so copy it (`new Map(baggage)`) to mutate or
 * structured-clone it.
 */
class WireBaggage implements ReadonlyMap<string, BaggageEntry> {
  static {
    wireOf = (baggage) => (baggage instanceof WireBaggage ? baggage.#wire : undefined);
  }

  readonly #wire: string;
  readonly #size: number;
  #map: Baggage | undefined;

  constructor(wire: string, size: number) {
    this.#wire = wire;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }
  get(key: string): BaggageEntry | undefined {
    return this.#parsed().get(key);
  }
  has(key: string): boolean {
    return this.#parsed().has(key);
  }
  forEach(
    callback: (value: BaggageEntry, key: string, map: ReadonlyMap<string, BaggageEntry>) => void,
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
    this.#map ??= parseBaggage(this.#wire);
    return this.#map;
  }
}

/**
 * Reads a `baggage` header as {@link parseBaggage} does, with the default
 * limits, but when the header is already in normal form returns a view
 * that keeps it and parses it on first read (and that {@link formatBaggage}
 * writes back unchanged). What extraction uses.
 *
 * @param value - the header value, or each header's value in order.
 * @returns the baggage; empty when nothing valid was found.
 */
export function readBaggage(value: string | readonly string[] | null | undefined): Baggage {
  const header = joinHeaders(value);
  if (header === undefined) return EMPTY;
  const size = scanBaggage(header);
  return size > 0 ? new WireBaggage(header, size) : parseBaggage(header);
}

const EMPTY: Baggage = new Map();

/**
 * Writes a `baggage` header value, percent-encoding every octet outside
 * `baggage-octet` and `%` itself (never `+` for a space). Members with an
 * invalid key or property key are skipped. A member that would push the
 * header past `maxBytes` is skipped and later smaller ones may still fit;
 * at `maxMembers` the rest are dropped.
 *
 * @param baggage - the baggage to write.
 * @param limits - defaults: 64 members, 8192 bytes.
 * @returns the header value; `""` when empty.
 * @example
 * formatBaggage(new Map([["serverNode", { value: "DF 28" }]])); // "serverNode=DF%2028"
 * @see https://w3c.github.io/baggage/#value
 */
export function formatBaggage(baggage: Baggage, limits?: BaggageLimits): string {
  const { maxMembers, maxBytes } = resolveLimits(limits);
  const wire = wireOf(baggage);
  if (wire !== undefined && baggage.size <= maxMembers && wire.length <= maxBytes) return wire;
  const members: string[] = [];
  let bytes = 0;
  for (const [key, entry] of baggage) {
    if (members.length >= maxMembers) break;
    const member = formatMember(key, entry);
    if (member === undefined) continue;
    const next = bytes + member.length + (members.length > 0 ? 1 : 0);
    if (next > maxBytes) continue;
    members.push(member);
    bytes = next;
  }
  return members.join(",");
}

/**
 * A key is an RFC 7230 `token`: one or more of ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
 *
 * @param key - the candidate key.
 * @returns whether it is valid.
 * @example
 * isValidBaggageKey("userId"); // true
 * isValidBaggageKey("user id"); // false
 * @see https://httpwg.org/specs/rfc7230.html#rule.token.separators
 */
export function isValidBaggageKey(key: string): boolean {
  if (typeof key !== "string" || key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    if (!isTchar(key.charCodeAt(i))) return false;
  }
  return true;
}

/** The trimmed key of a raw member when it is a token, without parsing the rest. */
function memberKey(raw: string): string | undefined {
  const eq = raw.indexOf("=");
  if (eq === -1) return undefined;
  const semi = raw.indexOf(";");
  if (semi !== -1 && semi < eq) return undefined;
  const key = trimOws(raw.slice(0, eq));
  return isValidBaggageKey(key) ? key : undefined;
}

/** `key OWS "=" OWS value *( OWS ";" OWS property )`, key already checked by {@link memberKey}. */
function parseMember(raw: string): BaggageEntry | undefined {
  const parts = raw.split(";");
  const head = parts[0]!;
  const value = decodeValue(trimOws(head.slice(head.indexOf("=") + 1)));
  if (value === undefined) return undefined;
  if (parts.length === 1) return { value };
  const properties: BaggageProperty[] = [];
  for (let i = 1; i < parts.length; i++) {
    const property = parseProperty(parts[i]!);
    // A member is kept or dropped whole (§3.3.2, §3.5): no partial members.
    if (!property) return undefined;
    properties.push(property);
  }
  return { value, properties };
}

/** `key OWS "=" OWS value` or `key OWS`. */
function parseProperty(raw: string): BaggageProperty | undefined {
  const eq = raw.indexOf("=");
  const key = trimOws(eq === -1 ? raw : raw.slice(0, eq));
  if (!isValidBaggageKey(key)) return undefined;
  if (eq === -1) return { key };
  const value = decodeValue(trimOws(raw.slice(eq + 1)));
  return value === undefined ? undefined : { key, value };
}

/** The wire form of one member, or `undefined` when a key is not a token. */
function formatMember(key: string, entry: BaggageEntry): string | undefined {
  if (!isValidBaggageKey(key) || typeof entry?.value !== "string") return undefined;
  const parts = [`${key}=${encodeValue(entry.value)}`];
  for (const property of entry.properties ?? []) {
    const name = property?.key;
    if (typeof name !== "string" || !isValidBaggageKey(name)) return undefined;
    const value = property.value;
    parts.push(typeof value === "string" ? `${name}=${encodeValue(value)}` : name);
  }
  return parts.join(";");
}

/** `formatMember(key, entry).length` for a valid entry, without building the string. */
function memberSize(key: string, entry: BaggageEntry): number {
  let size = key.length + 1 + encodedLength(entry.value);
  for (const { key: name, value } of entry.properties ?? []) {
    size += 1 + name.length + (value === undefined ? 0 : 1 + encodedLength(value));
  }
  return size;
}

const DEFAULT_LIMITS: Required<BaggageLimits> = {
  maxMembers: BAGGAGE_MAX_MEMBERS,
  maxBytes: BAGGAGE_MAX_BYTES,
};

/** Sanitized limits: a missing or NaN limit takes the default; a negative one allows nothing. */
function resolveLimits(limits: BaggageLimits | undefined): Required<BaggageLimits> {
  if (limits === undefined) return DEFAULT_LIMITS;
  const pick = (v: number | undefined, fallback: number): number =>
    typeof v !== "number" || Number.isNaN(v) ? fallback : Math.max(0, v);
  return {
    maxMembers: pick(limits?.maxMembers, BAGGAGE_MAX_MEMBERS),
    maxBytes: pick(limits?.maxBytes, BAGGAGE_MAX_BYTES),
  };
}

/** RFC 7230 §3.2.2: several fields of one name combine, in order, with commas. */
function joinHeaders(value: string | readonly string[] | null | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.filter((v): v is string => typeof v === "string").join(",");
}
