/**
 * The W3C `tracestate` header: an immutable value, its parser and its formatter.
 * @see https://w3c.github.io/trace-context/#tracestate-header
 * @module
 */
import { joinHeaders } from "../join-headers.js";
import {
  TRACESTATE_DEFAULT_MAX_LENGTH,
  TRACESTATE_LARGE_MEMBER,
  TRACESTATE_MAX_KEY_LENGTH,
  TRACESTATE_MAX_MEMBERS,
} from "../limits.js";
import { distinctKeys } from "../list-keys.js";
import { trimOws } from "../ows.js";
import { isValidTracestateKey, isValidTracestateValue } from "./tracestate-grammar.js";

export { isValidTracestateKey, isValidTracestateValue };

type Entry = readonly [string, string];

/**
 * `key=value` members joined by bare commas, lengths unchecked: with the
 * whole header at most 256 chars no key or value can be too long.
 */
const NORMAL = /^(?:[a-z\d][a-z\d_*/@-]*=[ -+\--<>-~]*[!-+\--<>-~](?:,(?=.)|$))+$/;

// Module-private access to TraceState internals, set in its static block, so
// the parser and formatter share them without widening the public class.
let fromWire!: (wire: string) => TraceState;
let wireOf!: (state: TraceState) => string;

/**
 * The vendor entries of a `tracestate`, most recent (leftmost) first.
 * Immutable: every change returns a new state; invalid changes return `this`.
 *
 * It holds the validated members as they are sent (`key=value` joined by
 * `,`), so a state passed on unchanged is written back as it came, byte for
 * byte; its entries are split only when one is read.
 *
 * @example
 * const state = TraceState.EMPTY.set("congo", "t61rcWkgMzE").set("rojo", "00f067aa0ba902b7");
 * state.toString(); // "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
 * @see https://w3c.github.io/trace-context/#mutating-the-tracestate-field
 */
export class TraceState {
  /** The state with no entries. */
  static readonly EMPTY: TraceState = new TraceState("");

  static {
    fromWire = (wire) => new TraceState(wire);
    wireOf = (state) => state.#wire;
  }

  /** Every entry as `key=value`, joined by `,` (no length limit). */
  readonly #wire: string;
  /** The entries, frozen; split from `#wire` on first read. */
  #entries: readonly Entry[] | undefined;

  private constructor(wire: string) {
    this.#wire = wire;
  }

  /**
   * @param key - a vendor key.
   * @returns its value, or `undefined` when absent.
   */
  get(key: string): string | undefined {
    return this.entries().find((entry) => entry[0] === key)?.[1];
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
    const rest = this.entries().filter((entry) => entry[0] !== key);
    return fromEntries([[key, value] as const, ...rest].slice(0, TRACESTATE_MAX_MEMBERS));
  }

  /**
   * @param key - the key to remove.
   * @returns the state without `key` (`this` when it was absent).
   */
  delete(key: string): TraceState {
    const rest = this.entries().filter((entry) => entry[0] !== key);
    return rest.length === this.size ? this : fromEntries(rest);
  }

  /** The number of entries. */
  get size(): number {
    return this.entries().length;
  }

  /** @returns the `[key, value]` entries, front (most recent) first. */
  entries(): readonly (readonly [string, string])[] {
    this.#entries ??= Object.freeze(
      this.#wire === ""
        ? []
        : this.#wire.split(",").map((member): Entry => {
            const eq = member.indexOf("=");
            return Object.freeze([member.slice(0, eq), member.slice(eq + 1)] as const);
          }),
    );
    return this.#entries;
  }

  /** @returns the header value, within the default 512-char limit ({@link formatTracestate}). */
  toString(): string {
    return formatTracestate(this);
  }
}

function fromEntries(entries: readonly Entry[]): TraceState {
  return fromWire(entries.map((entry) => entry.join("=")).join(","));
}

/**
 * Parses one or more `tracestate` header values.
 *
 * The header is all or nothing: a malformed member or more than 32 members
 * discards the whole value, as the W3C test suite expects. Empty and
 * whitespace-only members are skipped. A duplicated key keeps its first
 * (leftmost, most recent) entry. Several headers combine in order. Members
 * are kept as they came (surrounding OWS aside), so a state passed on
 * unchanged is re-emitted byte for byte.
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
  // The common case, a header already as we would send it, in one test.
  if (NORMAL.test(header) && header.length <= TRACESTATE_MAX_KEY_LENGTH) {
    // -1 on a repeated key or past 32 members.
    if (distinctKeys(header, TRACESTATE_MAX_MEMBERS) > 0) return fromWire(header);
  }
  const members: string[] = [];
  const keys: string[] = [];
  let count = 0;
  for (const raw of header.split(",")) {
    const member = trimOws(raw);
    if (member === "") continue;
    if (++count > TRACESTATE_MAX_MEMBERS) return undefined;
    const eq = member.indexOf("=");
    const key = member.slice(0, eq);
    if (eq < 0 || !isValidTracestateKey(key) || !isValidTracestateValue(member.slice(eq + 1))) {
      return undefined;
    }
    // Duplicates are tolerated (the current test suite accepts keeping one);
    // the leftmost is the most recent position.
    if (keys.includes(key)) continue;
    keys.push(key);
    members.push(member);
  }
  return members.length === 0 ? TraceState.EMPTY : fromWire(members.join(","));
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
  const members: (string | undefined)[] = whole.split(",");
  let length = whole.length;
  for (const large of [true, false]) {
    for (let i = members.length - 1; i >= 0 && length > limit; i--) {
      const member = members[i];
      if (member === undefined || (large && member.length <= TRACESTATE_LARGE_MEMBER)) continue;
      members[i] = undefined;
      length -= member.length + 1;
    }
  }
  return members.filter((member) => member !== undefined).join(",");
}
