/**
 * Reference validators for B3, AWS X-Ray and Jaeger, written from their
 * documented formats with plain regexes and splits, independently of
 * `src/core` (see ./reference-w3c.ts).
 * @module
 */
import { stripOws, ZEROS } from "./reference-w3c.js";

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
