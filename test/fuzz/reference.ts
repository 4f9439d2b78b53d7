/**
 * Reference validators, written from each format's grammar with plain
 * regexes and splits, independently of `src/core`. The fuzz properties
 * hold the parsers to them: what a parser accepts, the reference must
 * accept too, with the same result.
 *
 * Every regex here is anchored, with no nested quantifiers over
 * overlapping classes, so the reference itself stays linear on 64 KiB.
 * @module
 */

/** RFC 7230 §3.2.3 OWS (space, horizontal tab) stripped from both ends; a loop, since `/[ \t]+$/` is quadratic. */
export function stripOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === " " || value[start] === "\t")) start++;
  while (end > start && (value[end - 1] === " " || value[end - 1] === "\t")) end--;
  return value.slice(start, end);
}

const ZEROS = /^0+$/;

// ---------------------------------------------------------------------------
// traceparent — https://www.w3.org/TR/trace-context-2/#traceparent-header-field-values
//   version = 2HEXDIGLC (not "ff"); version-format = trace-id "-" parent-id "-" trace-flags
//   trace-id = 32HEXDIGLC, parent-id = 16HEXDIGLC, neither all zeros; trace-flags = 2HEXDIGLC
//   version 00 is exactly that; a higher version may continue with "-" and anything
//   (#versioning-of-traceparent).

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[\s\S]*)?$/;

/** The fields of a `traceparent` the spec allows, or `undefined`. */
export function refTraceparent(
  raw: string,
): { traceId: string; spanId: string; flags: number } | undefined {
  const m = TRACEPARENT.exec(stripOws(raw));
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, extra] = m as unknown as string[];
  if (version === "ff" || (version === "00" && extra !== undefined)) return undefined;
  if (ZEROS.test(traceId!) || ZEROS.test(spanId!)) return undefined;
  return { traceId: traceId!, spanId: spanId!, flags: Number.parseInt(flags!, 16) };
}

/** What we send: always version 00, only the sampled and random flags. */
export const TRACEPARENT_OUT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-0[0-3]$/;

// ---------------------------------------------------------------------------
// tracestate — https://w3c.github.io/trace-context/#tracestate-header-field-values
//   list = list-member 0*31( OWS "," OWS list-member ); list-member = key "=" value / OWS
//   key = ( lcalpha / DIGIT ) 0*255 keychar; keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
//   value = 0*255 chr nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E; chr = %x20 / nblk-chr
//   Empty members are allowed and not counted; a duplicated key keeps one entry
//   (the W3C suite's test_tracestate_duplicated_keys accepts either).

export const TRACESTATE_KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
export const TRACESTATE_VALUE =
  /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** The entries of a valid combined `tracestate` (first of a duplicated key), or `undefined`. */
export function refTracestate(
  value: string | readonly string[],
): (readonly [string, string])[] | undefined {
  if (Array.isArray(value) && value.length === 0) return undefined;
  const joined = typeof value === "string" ? value : value.join(",");
  const members = joined
    .split(",")
    .map(stripOws)
    .filter((m) => m !== "");
  if (members.length > 32) return undefined;
  const entries: [string, string][] = [];
  for (const member of members) {
    const eq = member.indexOf("=");
    const key = member.slice(0, eq);
    const val = member.slice(eq + 1);
    if (eq < 0 || !TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(val)) return undefined;
    if (!entries.some(([k]) => k === key)) entries.push([key, val]);
  }
  return entries;
}

// ---------------------------------------------------------------------------
// baggage — https://w3c.github.io/baggage/#definition
//   list-member = key OWS "=" OWS value *( OWS ";" OWS property )
//   property = key OWS "=" OWS value / key OWS; key = token (RFC 7230 §3.2.6)
//   value = *baggage-octet; baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
//   §3.3.1.3: "%" itself MUST be encoded, so it only starts a %XX escape; decoding
//   replaces invalid UTF-8 with U+FFFD.

export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAGGAGE_VALUE = /^(?:[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]|%[0-9A-Fa-f]{2})*$/;
/** What we send: only uppercase escapes (RFC 3986 §2.1 SHOULD). */
const BAGGAGE_VALUE_OUT = /^(?:[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]|%[0-9A-F]{2})*$/;

export interface RefProperty {
  key: string;
  value?: string;
}
export interface RefEntry {
  value: string;
  properties?: RefProperty[];
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

function percentDecode(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%") {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i));
  }
  return utf8.decode(new Uint8Array(bytes));
}

/** One raw (comma-separated) member, when valid: its key and decoded entry. */
export function refBaggageMember(raw: string): [string, RefEntry] | undefined {
  const [head = "", ...props] = raw.split(";");
  const eq = head.indexOf("=");
  if (eq < 0) return undefined;
  const key = stripOws(head.slice(0, eq));
  const value = stripOws(head.slice(eq + 1));
  if (!TOKEN.test(key) || !BAGGAGE_VALUE.test(value)) return undefined;
  const properties: RefProperty[] = [];
  for (const prop of props) {
    const peq = prop.indexOf("=");
    const pkey = stripOws(peq < 0 ? prop : prop.slice(0, peq));
    if (!TOKEN.test(pkey)) return undefined;
    if (peq < 0) {
      properties.push({ key: pkey });
      continue;
    }
    const pvalue = stripOws(prop.slice(peq + 1));
    if (!BAGGAGE_VALUE.test(pvalue)) return undefined;
    properties.push({ key: pkey, value: percentDecode(pvalue) });
  }
  const entry: RefEntry = { value: percentDecode(value) };
  if (props.length > 0) entry.properties = properties;
  return [key, entry];
}

/** Every valid member of a combined `baggage`, in order, duplicates included. */
export function refBaggageMembers(value: string | readonly string[]): [string, RefEntry][] {
  const joined = typeof value === "string" ? value : value.join(",");
  const out: [string, RefEntry][] = [];
  for (const raw of joined.split(",")) {
    const member = refBaggageMember(raw);
    if (member) out.push(member);
  }
  return out;
}

const PLAIN_OCTET = /^[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]$/;
const PLAIN: readonly boolean[] = Array.from({ length: 128 }, (_, c) =>
  PLAIN_OCTET.test(String.fromCharCode(c)),
);

/**
 * An upper bound on the length of a member as we write it: a plain octet
 * is 1 char, any other ASCII char 3 (`%XX`), any other UTF-16 unit at most
 * 9 (three UTF-8 bytes, each `%XX`).
 */
export function maxWireLength(key: string, entry: RefEntry): number {
  const enc = (v: string): number => {
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      n += c < 128 ? (PLAIN[c] ? 1 : 3) : 9;
    }
    return n;
  };
  let size = key.length + 1 + enc(entry.value);
  for (const p of entry.properties ?? []) {
    size += 1 + p.key.length + (p.value === undefined ? 0 : 1 + enc(p.value));
  }
  return size;
}

/** Why a `baggage` value we send is invalid, or `undefined` when it is valid. */
export function baggageOutputError(header: string): string | undefined {
  if (header === "") return undefined;
  const members = header.split(",");
  if (members.length > 64) return `${members.length} members`;
  if (!/^[\x20-\x7e]*$/.test(header)) return "not ASCII";
  if (header.length > 8192) return "over 8192 bytes";
  const keys = new Set<string>();
  for (const member of members) {
    const [head = "", ...props] = member.split(";");
    const eq = head.indexOf("=");
    const key = head.slice(0, eq);
    if (eq < 0 || !TOKEN.test(key) || !BAGGAGE_VALUE_OUT.test(head.slice(eq + 1))) {
      return `bad member ${JSON.stringify(member)}`;
    }
    if (keys.has(key)) return `duplicate key ${key}`;
    keys.add(key);
    for (const prop of props) {
      const peq = prop.indexOf("=");
      const okKey = TOKEN.test(peq < 0 ? prop : prop.slice(0, peq));
      if (!okKey || (peq >= 0 && !BAGGAGE_VALUE_OUT.test(prop.slice(peq + 1)))) {
        return `bad property ${JSON.stringify(prop)}`;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// B3 — https://github.com/openzipkin/b3-propagation
//   b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]], ids 16/32 lower-hex,
//   SamplingState 1 / 0 / d; "the first value wins" for repeated headers.

const B3_SINGLE = /^([0-9a-f]{32}|[0-9a-f]{16})-([0-9a-f]{16})(?:-([01d])(?:-([0-9a-f]{16}))?)?$/;

export interface RefIds {
  traceId: string;
  spanId: string;
  sampled: boolean | undefined;
  debug: boolean;
}

/** The first of comma-joined values, OWS stripped; `undefined` when empty. */
export function firstOf(joined: string | undefined): string | undefined {
  if (joined === undefined) return undefined;
  const first = stripOws(joined.split(",")[0]!);
  return first === "" ? undefined : first;
}

function pad32(traceId: string): string {
  return traceId.length === 16 ? `0000000000000000${traceId}` : traceId;
}

/** The ids of a valid `b3` header (its first value), or `undefined`. */
export function refB3Single(joined: string | undefined): RefIds | undefined {
  const m = B3_SINGLE.exec(firstOf(joined) ?? "");
  if (!m) return undefined;
  const [, rawTrace, spanId, state, parent] = m;
  const traceId = pad32(rawTrace!);
  if (ZEROS.test(traceId) || ZEROS.test(spanId!) || (parent && ZEROS.test(parent)))
    return undefined;
  return {
    traceId,
    spanId: spanId!,
    sampled: state === undefined ? undefined : state !== "0",
    debug: state === "d",
  };
}

/** The ids of valid `X-B3-*` headers, or `undefined`. */
export function refB3Multi(get: (name: string) => string | undefined): RefIds | undefined {
  const trace = firstOf(get("x-b3-traceid"));
  const spanId = firstOf(get("x-b3-spanid"));
  if (!trace || !spanId || !/^(?:[0-9a-f]{16}|[0-9a-f]{32})$/.test(trace)) return undefined;
  const traceId = pad32(trace);
  if (!/^[0-9a-f]{16}$/.test(spanId) || ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  if (firstOf(get("x-b3-flags")) === "1") return { traceId, spanId, sampled: true, debug: true };
  const sampled = firstOf(get("x-b3-sampled"));
  if (sampled === undefined) return { traceId, spanId, sampled: undefined, debug: false };
  if (sampled === "1" || /^true$/i.test(sampled))
    return { traceId, spanId, sampled: true, debug: false };
  if (sampled === "0" || /^false$/i.test(sampled))
    return { traceId, spanId, sampled: false, debug: false };
  return undefined;
}

// ---------------------------------------------------------------------------
// AWS X-Ray — https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
//   Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled={1|0|?}; fields in any order,
//   keys in any ASCII case, other keys ignored; Root/Parent/Sampled at most once.

const XRAY_KEYS: readonly [string, RegExp][] = [
  ["root", /^root$/i],
  ["parent", /^parent$/i],
  ["sampled", /^sampled$/i],
  ["lineage", /^lineage$/i],
];

export const LINEAGE = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,256}$/;

/** The ids and lineage of a valid `X-Amzn-Trace-Id`, or `undefined`. */
export function refXray(value: string): (RefIds & { lineage?: string }) | undefined {
  const fields = new Map<string, string[]>();
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = stripOws(part.slice(0, eq));
    // Non-unicode `/i` folds ASCII only: U+212A KELVIN SIGN is not "k".
    const name = XRAY_KEYS.find(([, re]) => re.test(key))?.[0];
    if (name) fields.set(name, [...(fields.get(name) ?? []), stripOws(part.slice(eq + 1))]);
  }
  const one = (k: string): string | undefined | null => {
    const vs = fields.get(k);
    return vs === undefined ? undefined : vs.length === 1 ? vs[0] : null;
  };
  const root = one("root");
  const parent = one("parent");
  const sampled = one("sampled");
  if (root === null || parent === null || sampled === null) return undefined;
  const r = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(root ?? "");
  if (!r || !parent || !/^[0-9a-f]{16}$/.test(parent)) return undefined;
  const traceId = r[1]! + r[2]!;
  if (ZEROS.test(traceId) || ZEROS.test(parent)) return undefined;
  if (sampled !== undefined && !["1", "0", "?"].includes(sampled)) return undefined;
  const lineage = one("lineage");
  const ids = {
    traceId,
    spanId: parent,
    sampled: sampled === "1" ? true : sampled === "0" ? false : undefined,
    debug: false,
  };
  return typeof lineage === "string" && LINEAGE.test(lineage) ? { ...ids, lineage } : ids;
}

export const XRAY_OUT =
  /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=[01](?:;Lineage=[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,256})?$/;

// ---------------------------------------------------------------------------
// Jaeger — https://www.jaegertracing.io/docs/1.x/client-libraries/#propagation-format
//   uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}, URL-encoded or not;
//   ids are hex, variable length, left-padded with zeros; flags one byte in hex.

const UBER = /^([0-9a-f]{1,32}):([0-9a-f]{1,16}):([0-9a-f]{1,16}):([0-9a-f]{1,2})$/;

/** The ids of a valid `uber-trace-id`, or `undefined`. */
export function refJaeger(joined: string | undefined): RefIds | undefined {
  if (joined === undefined) return undefined;
  const trimmed = stripOws(joined);
  let value: string;
  try {
    value = trimmed.includes("%") ? decodeURIComponent(trimmed) : trimmed;
  } catch {
    return undefined;
  }
  const m = UBER.exec(value);
  if (!m) return undefined;
  const traceId = m[1]!.padStart(32, "0");
  const spanId = m[2]!.padStart(16, "0");
  if (ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  const flags = Number.parseInt(m[4]!, 16);
  const debug = (flags & 2) !== 0;
  return { traceId, spanId, sampled: debug || (flags & 1) !== 0, debug };
}

export const UBER_OUT = /^(?!0{32})[0-9a-f]{32}:(?!0{16})[0-9a-f]{16}:0:0[013]$/;
/** `encodeURIComponent`'s output alphabet. */
export const URI_COMPONENT = /^[A-Za-z0-9\-_.!~*'()%]*$/;

// ---------------------------------------------------------------------------
// Any header we write

/** RFC 9110 §5.1 field-name (token); Jaeger's `uberctx-{key}` keeps the key's case. */
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5 field-value, restricted to ASCII: may be empty (an empty Jaeger baggage value). */
const FIELD_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;

/**
 * Why a header we write is unsafe, or `undefined`: a token name;
 * a value of visible ASCII and inner spaces only (so no CR, LF or NUL, and
 * nothing a runtime would re-encode or trim), that `Headers.set` accepts unchanged.
 */
export function headerError(name: string, value: string): string | undefined {
  if (!FIELD_NAME.test(name)) return `bad header name ${JSON.stringify(name)}`;
  if (/[\r\n\0]/.test(value)) return `CR/LF/NUL in ${name}: ${JSON.stringify(value)}`;
  if (!FIELD_VALUE.test(value)) return `bad ${name} value ${JSON.stringify(value)}`;
  try {
    const headers = new Headers();
    headers.set(name, value);
    if (headers.get(name) !== value) return `Headers changed ${name}: ${JSON.stringify(value)}`;
  } catch (error) {
    return `Headers.set(${name}) threw: ${String(error)}`;
  }
  return undefined;
}
