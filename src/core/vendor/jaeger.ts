/**
 * Jaeger's `uber-trace-id` header and `uberctx-{key}` baggage headers.
 *
 * Jaeger ids are "base16" of variable length; every Jaeger client writes
 * them in lowercase, and uppercase is rejected by the one
 * {@link isValidHexId} all id paths share.
 *
 * @see https://www.jaegertracing.io/docs/1.x/client-libraries/#propagation-format
 * @module
 */

import type { HeaderAccess } from "../carrier.js";
import { byteToHex, isValidHexId } from "../hex.js";
import { BAGGAGE_MAX_BYTES, BAGGAGE_MAX_MEMBERS } from "../limits.js";
import { trimOws } from "../ows.js";
import type { Extracted, InjectContext, Propagator, RemoteSpanContext } from "../propagator.js";
import type { Baggage, BaggageEntry } from "../w3c/baggage.js";
import { ReceivedEntry } from "../w3c/received-entry.js";
import { FLAG_SAMPLED } from "../w3c/traceparent.js";

/** The `carried` key that keeps Jaeger's debug bit across hops. */
export const JAEGER_DEBUG_CARRIED = "jaeger.debug";

const HEADER = "uber-trace-id";
const BAGGAGE_PREFIX = "uberctx-";
/** Bit 1 (least significant) of `{flags}`. */
const JAEGER_SAMPLED = 0x01;
/** Bit 2 of `{flags}`; "debug flag implies sampled flag". */
const JAEGER_DEBUG = 0x02;
/** 32 + 16 + 16 + 2 hex and three `:`: anything longer cannot be valid. */
const MAX_LENGTH = 69;
/** Every character percent-encoded (`MAX_LENGTH * 3`, a literal so bundlers can drop it); keeps hostile input from reaching `split`. */
const MAX_ENCODED_LENGTH = 207;
const ZERO_64 = "0000000000000000";
/**
 * A received `uberctx-*` value that is sent on unchanged: visible ASCII
 * (no CR/LF/NUL, nothing a `Headers` refuses) without `,` (which reads as
 * two values once header lines are combined).
 */
const SAFE_AS_IS = /^[!-+\--~]*$/;

/**
 * The Jaeger propagator.
 *
 * Extract `{trace-id}:{span-id}:{parent-span-id}:{flags}`: the trace id is
 * 1–32 hex digits and the span id 1–16, left-padded with zeros ("can be
 * variable length, shorter values are 0-padded on the left"); all-zero ids
 * are invalid; the deprecated parent id must be 1–16 hex digits (`0` allowed)
 * and is ignored; flags are 1–2 hex digits, bit 1 sampled, bit 2 debug
 * (sampled, and carried as `carried["jaeger.debug"] = "1"`). A
 * URL-encoded value (`%3A` for `:`) is decoded first. Baggage comes from
 * `uberctx-{key}` headers, values URL-decoded; it needs
 * {@link HeaderAccess.keys} to list them, and a value that fails to decode
 * drops only that entry. Jaeger sets no limits of its own, so W3C
 * Baggage's apply both ways (64 entries, 8192 bytes of `key=value`).
 *
 * Inject: `uber-trace-id: {32 hex}:{16 hex}:0:{flags}` and one
 * `uberctx-{key}` per baggage entry whose key is a header token, its value
 * as received when it came in an `uberctx-*` header of visible ASCII
 * without `,` and was not replaced, else percent-encoded. `fields` lists only `uber-trace-id`: baggage header
 * names depend on the baggage.
 *
 * @example
 * jaeger.extract(headerAccess({ "uber-trace-id": "4bf92f3577b34da6:00f067aa0ba902b7:0:1" }));
 * // { context: { traceId: "00000000000000004bf92f3577b34da6", spanId: "00f0…02b7", traceFlags: 1, sampled: true } }
 * @see https://www.jaegertracing.io/docs/1.x/client-libraries/#propagation-format
 */
export const jaeger: Propagator = {
  name: "jaeger",
  fields: [HEADER],
  kind: "trace",
  extract(headers: HeaderAccess): Extracted | undefined {
    const context = parseUberTraceId(headers.get(HEADER));
    const baggage = extractBaggage(headers);
    if (context === undefined && baggage === undefined) return undefined;
    return { context, baggage };
  },
  inject(ctx: InjectContext, headers: HeaderAccess): void {
    if (isValidHexId(ctx.traceId, 32) && isValidHexId(ctx.spanId, 16)) {
      headers.set(HEADER, `${ctx.traceId}:${ctx.spanId}:0:${byteToHex(flagsOf(ctx))}`);
    }
    if (ctx.baggage) injectBaggage(ctx.baggage, headers);
  },
};

function parseUberTraceId(raw: string | undefined): RemoteSpanContext | undefined {
  if (raw === undefined) return undefined;
  const trimmed = trimOws(raw);
  if (trimmed.length > MAX_ENCODED_LENGTH) return undefined;
  const value = trimmed.includes("%") ? safeDecode(trimmed) : trimmed;
  if (value === undefined || value.length > MAX_LENGTH) return undefined;
  const parts = value.split(":");
  if (parts.length !== 4) return undefined;
  const [rawTraceId = "", rawSpanId = "", parentId = "", rawFlags = ""] = parts;
  const traceId = padId(rawTraceId, 32);
  const spanId = padId(rawSpanId, 16);
  const flags = parseFlags(rawFlags);
  if (traceId === undefined || spanId === undefined || flags === undefined) return undefined;
  if (!isValidParentId(parentId)) return undefined;
  const debug = (flags & JAEGER_DEBUG) !== 0;
  const sampled = debug || (flags & JAEGER_SAMPLED) !== 0;
  const context: RemoteSpanContext = {
    traceId,
    spanId,
    traceFlags: sampled ? FLAG_SAMPLED : 0,
    sampled,
  };
  return debug ? { ...context, carried: { [JAEGER_DEBUG_CARRIED]: "1" } } : context;
}

/** Left-pads 1..`length` hex digits; `undefined` when invalid or all zero. */
function padId(id: string, length: number): string | undefined {
  if (id.length === 0 || id.length > length) return undefined;
  const padded = id.padStart(length, "0");
  return isValidHexId(padded, length) ? padded : undefined;
}

/** "0 value is valid and means root span" for the deprecated parent id. */
function isValidParentId(id: string): boolean {
  if (id.length === 0 || id.length > 16) return false;
  const padded = id.padStart(16, "0");
  return padded === ZERO_64 || isValidHexId(padded, 16);
}

/** "One byte bitmap, as two hex digits"; one digit is accepted too. */
function parseFlags(flags: string): number | undefined {
  if (flags.length === 0 || flags.length > 2) return undefined;
  let value = 0;
  for (let i = 0; i < flags.length; i++) {
    const digit = hexDigit(flags.charCodeAt(i));
    if (digit < 0) return undefined;
    value = value * 16 + digit;
  }
  return value;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function flagsOf(ctx: InjectContext): number {
  if ((ctx.traceFlags & FLAG_SAMPLED) === 0) return 0;
  const debug = ctx.carried?.[JAEGER_DEBUG_CARRIED] === "1";
  return debug ? JAEGER_SAMPLED | JAEGER_DEBUG : JAEGER_SAMPLED;
}

function extractBaggage(headers: HeaderAccess): Baggage | undefined {
  const names = headers.keys?.();
  if (names === undefined) return undefined;
  const baggage = new Map<string, BaggageEntry>();
  const budget = newBudget();
  for (const name of names) {
    if (budget.count >= BAGGAGE_MAX_MEMBERS) break;
    if (!name.startsWith(BAGGAGE_PREFIX)) continue;
    const key = name.slice(BAGGAGE_PREFIX.length);
    const raw = headers.get(name);
    if (!isToken(key) || raw === undefined) continue;
    const encoded = trimOws(raw);
    const value = safeDecode(encoded);
    if (value === undefined || !spend(budget, key, encoded)) continue;
    // Sent on as it came (issue #16) when that is safe to send as is.
    const exact = SAFE_AS_IS.test(encoded);
    baggage.set(
      key,
      exact ? new ReceivedEntry(value, undefined, "jaeger", key, encoded) : { value },
    );
  }
  return baggage.size === 0 ? undefined : baggage;
}

function injectBaggage(baggage: Baggage, headers: HeaderAccess): void {
  const budget = newBudget();
  for (const [key, entry] of baggage) {
    if (budget.count >= BAGGAGE_MAX_MEMBERS) break;
    if (!isToken(key)) continue;
    const value = ReceivedEntry.wire(entry, "jaeger", key) ?? safeEncode(entry.value);
    if (value !== undefined && spend(budget, key, value)) headers.set(BAGGAGE_PREFIX + key, value);
  }
}

/**
 * What is left of the baggage limits. Without them, 10,000 inbound
 * `uberctx-*` headers (or one of 1 MB) would all be re-sent on every
 * outbound call, and a server would refuse the request.
 */
interface Budget {
  count: number;
  bytes: number;
}

function newBudget(): Budget {
  return { count: 0, bytes: 0 };
}

/**
 * Counts `key=value` as a W3C baggage member would (commas included).
 * Whole entries only: one that does not fit is skipped, a later smaller one may fit.
 */
function spend(budget: Budget, key: string, wireValue: string): boolean {
  const next = budget.bytes + key.length + 1 + wireValue.length + (budget.count > 0 ? 1 : 0);
  if (next > BAGGAGE_MAX_BYTES) return false;
  budget.count++;
  budget.bytes = next;
  return true;
}

/** `decodeURIComponent` throws on malformed escapes; this never does. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** `encodeURIComponent` throws on lone surrogates; this never does. */
function safeEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** RFC 7230 `token`: the key becomes part of a header name. */
function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    if (!isTchar(value.charCodeAt(i))) return false;
  }
  return true;
}

/** https://httpwg.org/specs/rfc7230.html#rule.token.separators */
function isTchar(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}
