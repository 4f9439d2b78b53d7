/**
 * The W3C `tracestate` header: an immutable value, its parser and its formatter.
 * @see https://w3c.github.io/trace-context/#tracestate-header
 * @module
 */
import {
  TRACESTATE_DEFAULT_MAX_LENGTH,
  TRACESTATE_LARGE_MEMBER,
  TRACESTATE_MAX_KEY_LENGTH,
  TRACESTATE_MAX_MEMBERS,
  TRACESTATE_MAX_VALUE_LENGTH,
} from "./limits.js";
import { trimOws } from "./ows.js";

type Entry = readonly [string, string];

/**
 * The vendor entries of a `tracestate`, most recent (leftmost) first.
 * Immutable: every change returns a new state; invalid changes return `this`.
 *
 * @example
 * const state = TraceState.EMPTY.set("congo", "t61rcWkgMzE").set("rojo", "00f067aa0ba902b7");
 * state.toString(); // "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
 * @see https://w3c.github.io/trace-context/#mutating-the-tracestate-field
 */
export class TraceState {
  /** The state with no entries. */
  static readonly EMPTY: TraceState = new TraceState([]);

  readonly #entries: readonly Entry[];

  private constructor(entries: readonly Entry[]) {
    this.#entries = Object.freeze(entries);
  }

  /**
   * @param key - a vendor key.
   * @returns its value, or `undefined` when absent.
   */
  get(key: string): string | undefined {
    return this.#entries.find(([k]) => k === key)?.[1];
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
    const rest = this.#entries.filter(([k]) => k !== key);
    const next: Entry[] = [Object.freeze([key, value] as const), ...rest];
    if (next.length > TRACESTATE_MAX_MEMBERS) next.length = TRACESTATE_MAX_MEMBERS;
    return new TraceState(next);
  }

  /**
   * @param key - the key to remove.
   * @returns the state without `key` (`this` when it was absent).
   */
  delete(key: string): TraceState {
    const rest = this.#entries.filter(([k]) => k !== key);
    return rest.length === this.#entries.length ? this : new TraceState(rest);
  }

  /** The number of entries. */
  get size(): number {
    return this.#entries.length;
  }

  /** @returns the `[key, value]` entries, front (most recent) first. */
  entries(): readonly (readonly [string, string])[] {
    return this.#entries;
  }

  /** @returns the header value, within the default 512-char limit ({@link formatTracestate}). */
  toString(): string {
    return formatTracestate(this);
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
  // At most 32 validated entries: rebuilding through `set` (oldest first) is cheap
  // and keeps the constructor private.
  let state = TraceState.EMPTY;
  for (let i = entries.length - 1; i >= 0; i--) state = state.set(...entries[i]!);
  return state;
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
  const members = state.entries().map(([k, v]) => `${k}=${v}`);
  const limit = Number.isNaN(maxLength) ? TRACESTATE_DEFAULT_MAX_LENGTH : maxLength;
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

/**
 * A key begins with `a-z` or `0-9` and has up to 256 chars of `a-z 0-9 _ - * / @`.
 * The current draft makes `@` an ordinary key char (no tenant/system split,
 * no 241/14 sub-limits; w3c/trace-context PR #386).
 *
 * @param key - the candidate key.
 * @returns whether it is valid.
 * @example
 * isValidTracestateKey("fw529a3039@dt"); // true
 * isValidTracestateKey("Foo"); // false
 * @see https://w3c.github.io/trace-context/#key
 */
export function isValidTracestateKey(key: string): boolean {
  if (typeof key !== "string" || key.length === 0 || key.length > TRACESTATE_MAX_KEY_LENGTH) {
    return false;
  }
  const first = key.charCodeAt(0);
  if (!isLcAlpha(first) && !isDigit(first)) return false;
  for (let i = 1; i < key.length; i++) {
    if (!isKeyChar(key.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * A value has 1 to 256 printable ASCII chars (0x20–0x7E) other than `,` and
 * `=`, and does not end with a space.
 *
 * @param value - the candidate value.
 * @returns whether it is valid.
 * @example
 * isValidTracestateValue("t61rcWkgMzE"); // true
 * isValidTracestateValue("a=b"); // false
 * @see https://w3c.github.io/trace-context/#value
 */
export function isValidTracestateValue(value: string): boolean {
  if (typeof value !== "string" || value.length === 0) return false;
  if (value.length > TRACESTATE_MAX_VALUE_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x2c || c === 0x3d) return false;
  }
  return value.charCodeAt(value.length - 1) !== 0x20;
}

/** `key=value` with both parts valid, or `undefined`. */
function parseMember(member: string): Entry | undefined {
  const eq = member.indexOf("=");
  if (eq <= 0) return undefined;
  const key = member.slice(0, eq);
  const value = member.slice(eq + 1);
  return isValidTracestateKey(key) && isValidTracestateValue(value) ? [key, value] : undefined;
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

function isLcAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" */
function isKeyChar(c: number): boolean {
  return (
    isLcAlpha(c) || isDigit(c) || c === 0x5f || c === 0x2d || c === 0x2a || c === 0x2f || c === 0x40
  );
}
