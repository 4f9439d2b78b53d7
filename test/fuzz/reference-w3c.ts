/**
 * Reference validators for the W3C formats, written from their grammar with plain
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

/** All zeros: the id no format allows. */
export const ZEROS = /^0+$/;

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

/**
 * An upper bound on the length of each valid member as we send it, in
 * order: received members go out as they came without OWS (issue #16), an
 * invalid-UTF-8 one re-encoded ({@link maxWireLength}).
 */
export function refBaggageSentLengths(value: string | readonly string[]): number[] {
  const joined = typeof value === "string" ? value : value.join(",");
  const out: number[] = [];
  for (const raw of joined.split(",")) {
    const member = refBaggageMember(raw);
    if (member) out.push(Math.max(raw.replace(/[ \t]/g, "").length, maxWireLength(...member)));
  }
  return out;
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
