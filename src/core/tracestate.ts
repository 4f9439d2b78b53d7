/**
 * The W3C `tracestate` header: an immutable value, its parser and its formatter.
 * @see https://w3c.github.io/trace-context/#tracestate-header
 * @module
 */
import {
  TRACESTATE_DEFAULT_MAX_LENGTH,
  TRACESTATE_LARGE_MEMBER,
  TRACESTATE_MAX_MEMBERS,
} from "./limits.js";
import { trimOws } from "./ows.js";
import {
  isValidTracestateKey,
  isValidTracestateValue,
  scanTracestate,
} from "./tracestate-grammar.js";

export { isValidTracestateKey, isValidTracestateValue };

type Entry = readonly [string, string];

// Module-private access to TraceState internals, set in its static block, so
// the parser and formatter share them without widening the public class.
let fromWire!: (wire: string, size: number) => TraceState;
let fromEntries!: (entries: Entry[]) => TraceState;
let wireOf!: (state: TraceState) => string;

/**
 * The vendor entries of a `tracestate`, most recent (leftmost) first.
 * Immutable: every change returns a new state; invalid changes return `this`.
 *
 * A state parsed from a header already in normal form keeps that header and
 * splits it into entries only when one is read, so a request that passes
 * its `tracestate` on unchanged never pays for parsing it.
 *
 * @example
 * const state = TraceState.EMPTY.set("congo", "t61rcWkgMzE").set("rojo", "00f067aa0ba902b7");
 * state.toString(); // "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
 * @see https://w3c.github.io/trace-context/#mutating-the-tracestate-field
 */
export class TraceState {
  /** The state with no entries. */
  static readonly EMPTY: TraceState = new TraceState(Object.freeze([]), "", 0);

  static {
    fromWire = (wire, size) => new TraceState(undefined, wire, size);
    fromEntries = (entries) => new TraceState(Object.freeze(entries), undefined, entries.length);
    wireOf = (state) => state.#wire();
  }

  /** The entries, frozen; split from `#wireForm` on first read when parsed lazily. */
  #entries: readonly Entry[] | undefined;
  /** Every entry as `key=value` joined by `,` (no length limit); built on first format. */
  #wireForm: string | undefined;
  readonly #size: number;

  /** One of `entries` and `wire` is always given; `entries` is frozen. */
  private constructor(
    entries: readonly Entry[] | undefined,
    wire: string | undefined,
    size: number,
  ) {
    this.#entries = entries;
    this.#wireForm = wire;
    this.#size = size;
  }

  /**
   * @param key - a vendor key.
   * @returns its value, or `undefined` when absent.
   */
  get(key: string): string | undefined {
    const entries = this.#list();
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry[0] === key) return entry[1];
    }
    return undefined;
  }

  /**
   * Adds or updates an entry and moves it to the front, as the spec requires
   * of a modified key. At 32 entries the last (oldest) one is dropped to make room.
   *
   * @param key - a valid key ({@link isValidTracestateKey}).
   * @param value - a valid value ({@link isValidTracestateValue}).
   * @returns the new state, or `this` when the key or value is invalid.
   * @example
   * TraceState.EMPTY.set("a", "1").set("b", "2").set("a", "3").toString(); // "a=3,b=2"
   * @see https://w3c.github.io/trace-context/#mutating-the-tracestate-field
   */
  set(key: string, value: string): TraceState {
    if (!isValidTracestateKey(key) || !isValidTracestateValue(value)) return this;
    const rest = this.#list().filter(([k]) => k !== key);
    const next: Entry[] = [Object.freeze([key, value] as const), ...rest];
    if (next.length > TRACESTATE_MAX_MEMBERS) next.length = TRACESTATE_MAX_MEMBERS;
    return fromEntries(next);
  }

  /**
   * @param key - the key to remove.
   * @returns the state without `key` (`this` when it was absent).
   */
  delete(key: string): TraceState {
    const entries = this.#list();
    const rest = entries.filter(([k]) => k !== key);
    return rest.length === entries.length ? this : fromEntries(rest);
  }

  /** The number of entries. */
  get size(): number {
    return this.#size;
  }

  /** @returns the `[key, value]` entries, front (most recent) first. */
  entries(): readonly (readonly [string, string])[] {
    return this.#list();
  }

  /** @returns the header value, within the default 512-char limit ({@link formatTracestate}). */
  toString(): string {
    return formatTracestate(this);
  }

  #list(): readonly Entry[] {
    this.#entries ??= splitWire(this.#wireForm!);
    return this.#entries;
  }

  #wire(): string {
    this.#wireForm ??= this.#entries!.map(([k, v]) => `${k}=${v}`).join(",");
    return this.#wireForm;
  }
}

/**
 * Parses one or more `tracestate` header values.
 *
 * The header is all or nothing: a malformed member or more than 32 members
 * discards the whole value, as the W3C test suite expects. Empty and
 * whitespace-only members are skipped. A duplicated key keeps its first
 * (leftmost, most recent) entry. Several headers combine in order.
 *
 * A header already in normal form (bare commas, no repeated key) is
 * validated in one pass and kept whole; its entries are split when first read.
 *
 * @param value - the header value, or each header's value in order.
 * @returns the state; {@link TraceState.EMPTY} for a present but empty header
 *   (which the spec says to accept); `undefined` when absent or invalid.
 * @example
 * parseTracestate("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE")?.get("congo"); // "t61rcWkgMzE"
 * parseTracestate("FOO=1"); // undefined
 * @see https://w3c.github.io/trace-context/#tracestate-header-field-values
 */
export function parseTracestate(
  value: string | readonly string[] | null | undefined,
): TraceState | undefined {
  const header = joinHeaders(value);
  if (header === undefined) return undefined;
  const size = scanTracestate(header);
  return size > 0 ? fromWire(header, size) : parseMembers(header);
}

/** The full parse: trims OWS, skips empty members, keeps the first of a repeated key. */
function parseMembers(header: string): TraceState | undefined {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let members = 0;
  let start = 0;
  while (start <= header.length) {
    const comma = header.indexOf(",", start);
    const end = comma === -1 ? header.length : comma;
    const member = trimOws(header.slice(start, end));
    start = end + 1;
    if (member === "") continue;
    if (++members > TRACESTATE_MAX_MEMBERS) return undefined;
    const entry = parseMember(member);
    if (!entry) return undefined;
    // Duplicates are tolerated (the current test suite accepts keeping one);
    // the leftmost is the most recent position.
    if (seen.has(entry[0])) continue;
    seen.add(entry[0]);
    entries.push(entry);
  }
  return entries.length === 0 ? TraceState.EMPTY : fromEntries(entries);
}

/**
 * Writes a `tracestate` value of at most `maxLength` chars. When too long,
 * whole entries are removed: those over 128 chars first (oldest first), then
 * from the end, until it fits.
 *
 * @param state - the state to write.
 * @param maxLength - the length limit; default 512, the spec's minimum to propagate.
 * @returns `key=value` entries joined with `,`; `""` when nothing remains.
 * @example
 * formatTracestate(TraceState.EMPTY.set("congo", "t61rcWkgMzE")); // "congo=t61rcWkgMzE"
 * @see https://w3c.github.io/trace-context/#tracestate-limits
 */
export function formatTracestate(
  state: TraceState,
  maxLength: number = TRACESTATE_DEFAULT_MAX_LENGTH,
): string {
  const limit = Number.isNaN(maxLength) ? TRACESTATE_DEFAULT_MAX_LENGTH : maxLength;
  const whole = wireOf(state);
  if (whole.length <= limit) return whole;
  const members = state.entries().map(([k, v]) => `${k}=${v}`);
  const kept = members.map(() => true);
  let length = joinedLength(members);
  const dropFromEnd = (when: (member: string) => boolean): void => {
    for (let i = members.length - 1; i >= 0 && length > limit; i--) {
      const member = members[i]!;
      if (!kept[i] || !when(member)) continue;
      kept[i] = false;
      length -= member.length + 1;
    }
  };
  dropFromEnd((member) => member.length > TRACESTATE_LARGE_MEMBER);
  dropFromEnd(() => true);
  return members.filter((_, i) => kept[i]).join(",");
}

/** `key=value` with both parts valid, or `undefined`. */
function parseMember(member: string): Entry | undefined {
  const eq = member.indexOf("=");
  if (eq <= 0) return undefined;
  const key = member.slice(0, eq);
  const value = member.slice(eq + 1);
  if (!isValidTracestateKey(key) || !isValidTracestateValue(value)) return undefined;
  return Object.freeze([key, value] as const);
}

/** The entries of a header {@link scanTracestate} accepted: split at commas, then at `=`. */
function splitWire(wire: string): readonly Entry[] {
  const entries: Entry[] = [];
  for (let start = 0; start < wire.length; ) {
    const comma = wire.indexOf(",", start);
    const end = comma === -1 ? wire.length : comma;
    const eq = wire.indexOf("=", start);
    entries.push(Object.freeze([wire.slice(start, eq), wire.slice(eq + 1, end)] as const));
    start = end + 1;
  }
  return Object.freeze(entries);
}

/** RFC 7230 §3.2.2: several fields of one name combine, in order, with commas. */
function joinHeaders(value: string | readonly string[] | null | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.filter((v): v is string => typeof v === "string").join(",");
}

/** The length of `members.join(",")`, without building it. */
function joinedLength(members: readonly string[]): number {
  let length = members.length > 0 ? members.length - 1 : 0;
  for (const member of members) length += member.length;
  return length;
}
