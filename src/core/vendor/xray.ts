/**
 * AWS X-Ray's `X-Amzn-Trace-Id` header (and Lambda's `_X_AMZN_TRACE_ID`).
 *
 * `Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled={1|0|?};Lineage=…`
 *
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 * @module
 */
import type { HeaderAccess } from "../carrier.js";
import { isValidHexId } from "../hex.js";
import { trimOws } from "../ows.js";
import type { Extracted, InjectContext, Propagator, RemoteSpanContext } from "../propagator.js";
import { FLAG_SAMPLED, type SpanContext } from "../w3c/traceparent.js";

/** The `carried` key for X-Ray's `Lineage` field, re-emitted unchanged. */
export const XRAY_LINEAGE_CARRIED = "xray.lineage";

const HEADER = "x-amzn-trace-id";
/** `1-` + 8 hex + `-` + 24 hex. */
const ROOT_LENGTH = 35;
/**
 * Our own bound on a pass-through value: AWS does not document Lineage's
 * syntax, and it is re-sent verbatim, so it is kept short and header-safe.
 */
const LINEAGE_MAX_LENGTH = 256;

/** The fields we read, by lowercase key. */
const KEY_NAMES: ReadonlyMap<string, "root" | "parent" | "sampled" | "lineage"> = new Map([
  ["root", "root"],
  ["parent", "parent"],
  ["sampled", "sampled"],
  ["lineage", "lineage"],
] as const);

/** The span context an X-Ray header is formatted from. */
export type XrayHeaderContext = SpanContext & Pick<InjectContext, "carried">;

interface Fields {
  root?: string;
  parent?: string;
  sampled?: string;
  lineage?: string;
  lineageRepeated?: boolean;
}

/**
 * Parses an `X-Amzn-Trace-Id` value.
 *
 * Keys may come in any order and any letter case, with spaces or tabs
 * around `;` and `=`; keys other than `Root`, `Parent`, `Sampled` and
 * `Lineage` (ALB's `Self`, custom fields) are ignored. Ids are lowercase
 * hex only (AWS writes lowercase; one validator for every id path). A repeated `Root`, `Parent` or `Sampled` (for example
 * two comma-joined headers) makes the header invalid.
 *
 * - No `Sampled`, or `Sampled=?` (decision requested from downstream):
 *   `sampled: undefined`, not invalid. Any other value is invalid.
 * - No `Parent`: no context. `Root` alone names a trace but no span to be a
 *   child of; OpenTelemetry's AWS X-Ray propagators (JS and Java) also
 *   return no span context then.
 * - `Lineage`, when header-safe, goes to `carried["xray.lineage"]`.
 *
 * @param value - the header value.
 * @returns the span context, or `undefined` when there is none or it is invalid.
 * @example
 * parseXrayHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
 * // { traceId: "5759e988bd862e3fe1be46a994272793", spanId: "53995c3f42cd8ad8", traceFlags: 1, sampled: true }
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function parseXrayHeader(value: string | null | undefined): RemoteSpanContext | undefined {
  if (typeof value !== "string") return undefined;
  const fields = readFields(value);
  if (fields === undefined) return undefined;
  const traceId = fields.root === undefined ? undefined : rootToTraceId(fields.root);
  const spanId = fields.parent;
  if (traceId === undefined || spanId === undefined || !isValidHexId(spanId, 16)) {
    return undefined;
  }
  const sampled = parseSampled(fields.sampled);
  if (sampled === null) return undefined;
  const context: RemoteSpanContext = {
    traceId,
    spanId,
    traceFlags: sampled ? FLAG_SAMPLED : 0,
    sampled,
  };
  const lineage = fields.lineageRepeated ? undefined : fields.lineage;
  return lineage !== undefined && isSafeLineage(lineage)
    ? { ...context, carried: { [XRAY_LINEAGE_CARRIED]: lineage } }
    : context;
}

/**
 * Writes `Root=1-{8 hex}-{24 hex};Parent={spanId};Sampled={1|0}`, plus
 * `;Lineage=…` when carried and header-safe. The ids are written as given:
 * callers pass a valid context ({@link awsXray} checks before injecting).
 *
 * @param ctx - the span to name as the parent, with any carried fields.
 * @returns the header value.
 * @example
 * formatXrayHeader({ traceId: "5759e988bd862e3fe1be46a994272793", spanId: "53995c3f42cd8ad8", traceFlags: 1 });
 * // "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function formatXrayHeader(ctx: XrayHeaderContext): string {
  const root = `1-${ctx.traceId.slice(0, 8)}-${ctx.traceId.slice(8)}`;
  const sampled = (ctx.traceFlags & FLAG_SAMPLED) !== 0 ? "1" : "0";
  const header = `Root=${root};Parent=${ctx.spanId};Sampled=${sampled}`;
  const lineage = ctx.carried?.[XRAY_LINEAGE_CARRIED];
  return lineage !== undefined && isSafeLineage(lineage) ? `${header};Lineage=${lineage}` : header;
}

/**
 * The `X-Amzn-Trace-Id` propagator: {@link parseXrayHeader} on extract,
 * {@link formatXrayHeader} on inject (only for a valid context).
 *
 * @example
 * const propagators = [w3c, awsXray];
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export const awsXray: Propagator = {
  name: "xray",
  fields: [HEADER],
  kind: "trace",
  extract(headers: HeaderAccess): Extracted | undefined {
    const context = parseXrayHeader(headers.get(HEADER));
    return context && { context };
  },
  inject(ctx: InjectContext, headers: HeaderAccess): void {
    if (!isValidHexId(ctx.traceId, 32) || !isValidHexId(ctx.spanId, 16)) return;
    headers.set(HEADER, formatXrayHeader(ctx));
  },
};

/** One pass over `;`-separated `key=value` parts; `undefined` on a repeated key. */
function readFields(value: string): Fields | undefined {
  const fields: Fields = {};
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(";", start);
    if (end < 0) end = value.length;
    const part = value.slice(start, end);
    start = end + 1;
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = trimOws(part.slice(0, eq));
    const fieldValue = trimOws(part.slice(eq + 1));
    if (!setField(fields, key, fieldValue)) return undefined;
  }
  return fields;
}

/**
 * False when a key that decides the context is repeated. Keys match
 * case-insensitively (ASCII only), as in AWS's own SDK
 * (aws-xray-sdk-node `processTraceData`).
 */
function setField(fields: Fields, key: string, value: string): boolean {
  // No known key is longer than "Sampled"/"Lineage"; skip folding long custom keys.
  const name = key.length > 7 ? undefined : KEY_NAMES.get(asciiLower(key));
  if (name === undefined) return true;
  if (name === "lineage") {
    // Pass-through only: a repeat drops Lineage, not the context.
    if (fields.lineage !== undefined) fields.lineageRepeated = true;
    fields.lineage = value;
    return true;
  }
  if (fields[name] !== undefined) return false;
  fields[name] = value;
  return true;
}

/** `toLowerCase` would also fold non-ASCII letters such as U+212A KELVIN SIGN into ASCII. */
function asciiLower(value: string): string {
  return value.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `1-{8 hex}-{24 hex}` → the 32-hex W3C trace id. */
function rootToTraceId(root: string): string | undefined {
  if (root.length !== ROOT_LENGTH || root[0] !== "1" || root[1] !== "-" || root[10] !== "-") {
    return undefined;
  }
  const traceId = root.slice(2, 10) + root.slice(11);
  return isValidHexId(traceId, 32) ? traceId : undefined;
}

/** `undefined` = no decision; `null` = invalid. */
function parseSampled(value: string | undefined): boolean | undefined | null {
  if (value === undefined || value === "?") return undefined;
  if (value === "1") return true;
  if (value === "0") return false;
  return null;
}

/** Visible ASCII except `;` (the field separator) and `,` (the list separator). */
function isSafeLineage(value: string): boolean {
  if (value.length === 0 || value.length > LINEAGE_MAX_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x3b || c === 0x2c) return false;
  }
  return true;
}
