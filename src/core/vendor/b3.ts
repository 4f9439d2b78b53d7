/**
 * Zipkin B3 propagation: the single `b3` header and the `X-B3-*` headers.
 *
 * B3 ids are lower-hex ("32 or 16 lower-hex characters"), so uppercase is
 * rejected by the same {@link isValidHexId} every other id path uses.
 *
 * @see https://github.com/openzipkin/b3-propagation
 * @module
 */
import type { HeaderAccess } from "../carrier.js";
import { isValidHexId } from "../hex.js";
import { trimOws } from "../ows.js";
import type { Extracted, InjectContext, Propagator, RemoteSpanContext } from "../propagator.js";
import { FLAG_SAMPLED } from "../w3c/traceparent.js";

/** The `carried` key that keeps B3's debug decision across hops and formats. */
export const B3_DEBUG_CARRIED = "b3.debug";

const B3 = "b3";
const TRACE_ID = "x-b3-traceid";
const SPAN_ID = "x-b3-spanid";
const SAMPLED = "x-b3-sampled";
const FLAGS = "x-b3-flags";

/** `{32 hex}-{16 hex}-{state}-{16 hex}`: anything longer cannot be valid. */
const B3_SINGLE_MAX_LENGTH = 68;
const ZERO_64 = "0000000000000000";

/** A B3 sampling state: accept, deny, or debug (an emphasised accept). */
type SamplingState = "1" | "0" | "d";

/**
 * The single `b3` header: `{TraceId}-{SpanId}-{SamplingState}-{ParentSpanId}`.
 *
 * Extract: a 16-hex (64-bit) trace id is left-padded with zeros to 32;
 * a missing sampling state is "defer" (`sampled: undefined`); `d` (debug)
 * means sampled and is carried as `carried["b3.debug"] = "1"`; the parent
 * span id is validated but not used. A bare `0`, `1` or `d` carries a
 * decision without ids, which a {@link RemoteSpanContext} cannot express:
 * no context. Duplicated headers: the first value wins.
 *
 * Inject: `{traceId}-{spanId}-{1|0|d}`; never the parent span id.
 *
 * @example
 * b3Single.extract(headerAccess({ b3: "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1" }));
 * // { context: { traceId: "80f1…eff7", spanId: "e457…6bd1", traceFlags: 1, sampled: true } }
 * @see https://github.com/openzipkin/b3-propagation#single-header
 */
export const b3Single: Propagator = {
  name: "b3",
  fields: [B3],
  kind: "trace",
  extract(headers: HeaderAccess): Extracted | undefined {
    const context = parseB3Single(firstValue(headers.get(B3)));
    return context && { context };
  },
  inject(ctx: InjectContext, headers: HeaderAccess): void {
    if (!hasValidIds(ctx)) return;
    headers.set(B3, `${ctx.traceId}-${ctx.spanId}-${samplingStateOf(ctx)}`);
  },
};

/**
 * The multiple `X-B3-*` headers.
 *
 * Extract: `X-B3-TraceId` (16 or 32 hex) and `X-B3-SpanId` are required;
 * `X-B3-Sampled` is `1`/`0`, or leniently `true`/`false`, absent = defer;
 * `X-B3-Flags: 1` is debug and wins over `X-B3-Sampled`;
 * `X-B3-ParentSpanId` is ignored. Duplicated headers: the first value wins.
 * When both encodings are configured, list {@link b3Single} first: the spec
 * gives the single header precedence.
 *
 * Inject: lowercase names; `x-b3-flags: 1` instead of `x-b3-sampled` for a
 * debug trace ("don't also send X-B3-Sampled"); never the parent span id.
 *
 * @example
 * b3Multi.inject(ctx, headerAccess(headers));
 * // x-b3-traceid: 4bf9…4736, x-b3-spanid: 00f0…02b7, x-b3-sampled: 1
 * @see https://github.com/openzipkin/b3-propagation#multiple-headers
 */
export const b3Multi: Propagator = {
  name: "b3multi",
  fields: [TRACE_ID, SPAN_ID, SAMPLED, FLAGS],
  kind: "trace",
  extract(headers: HeaderAccess): Extracted | undefined {
    const context = parseB3Multi(headers);
    return context && { context };
  },
  inject(ctx: InjectContext, headers: HeaderAccess): void {
    if (!hasValidIds(ctx)) return;
    headers.set(TRACE_ID, ctx.traceId);
    headers.set(SPAN_ID, ctx.spanId);
    const state = samplingStateOf(ctx);
    if (state === "d") headers.set(FLAGS, "1");
    else headers.set(SAMPLED, state);
  },
};

function parseB3Single(value: string | undefined): RemoteSpanContext | undefined {
  // The length bound also keeps `split` from allocating for hostile input.
  if (value === undefined || value.length > B3_SINGLE_MAX_LENGTH) return undefined;
  const parts = value.split("-");
  if (parts.length < 2 || parts.length > 4) return undefined;
  const [traceId, spanId, state, parentId] = parts;
  if (parentId !== undefined && !isValidHexId(parentId, 16)) return undefined;
  if (state !== undefined && !isSamplingState(state)) return undefined;
  return remoteContext(traceId, spanId, state);
}

function parseB3Multi(headers: HeaderAccess): RemoteSpanContext | undefined {
  const traceId = firstValue(headers.get(TRACE_ID));
  const spanId = firstValue(headers.get(SPAN_ID));
  if (traceId === undefined || spanId === undefined) return undefined;
  // https://github.com/openzipkin/b3-propagation#debug-flag: only `1` is defined.
  if (firstValue(headers.get(FLAGS)) === "1") return remoteContext(traceId, spanId, "d");
  const sampled = firstValue(headers.get(SAMPLED));
  if (sampled === undefined) return remoteContext(traceId, spanId, undefined);
  const state = sampledHeaderState(sampled);
  return state && remoteContext(traceId, spanId, state);
}

/** Validates ids and maps a sampling state (undefined = defer) to a context. */
function remoteContext(
  rawTraceId: string | undefined,
  spanId: string | undefined,
  state: SamplingState | undefined,
): RemoteSpanContext | undefined {
  const traceId = rawTraceId?.length === 16 ? ZERO_64 + rawTraceId : rawTraceId;
  if (traceId === undefined || !isValidHexId(traceId, 32)) return undefined;
  if (spanId === undefined || !isValidHexId(spanId, 16)) return undefined;
  const sampled = state === undefined ? undefined : state !== "0";
  const context: RemoteSpanContext = {
    traceId,
    spanId,
    traceFlags: sampled ? FLAG_SAMPLED : 0,
    sampled,
  };
  return state === "d" ? { ...context, carried: { [B3_DEBUG_CARRIED]: "1" } } : context;
}

/** https://github.com/openzipkin/b3-propagation#sampling-state-1: `true`/`false` are legacy, accepted leniently. */
function sampledHeaderState(value: string): SamplingState | undefined {
  if (value === "1" || value === "0") return value;
  const lower = value.toLowerCase();
  if (lower === "true") return "1";
  if (lower === "false") return "0";
  return undefined;
}

function isSamplingState(value: string): value is SamplingState {
  return value === "1" || value === "0" || value === "d";
}

/** Debug is an emphasised accept, so it is only written for a sampled span. */
function samplingStateOf(ctx: InjectContext): SamplingState {
  if ((ctx.traceFlags & FLAG_SAMPLED) === 0) return "0";
  return ctx.carried?.[B3_DEBUG_CARRIED] === "1" ? "d" : "1";
}

function hasValidIds(ctx: InjectContext): boolean {
  return isValidHexId(ctx.traceId, 32) && isValidHexId(ctx.spanId, 16);
}

/**
 * "When extracting state headers, the first value wins"; carriers join
 * repeated headers with commas, and no B3 value contains one.
 */
function firstValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(",");
  const first = trimOws(comma < 0 ? value : value.slice(0, comma));
  return first === "" ? undefined : first;
}
