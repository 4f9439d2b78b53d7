/**
 * Runs several propagators as one, each isolated from the others' failures.
 * @module
 */
import type { Baggage } from "./baggage.js";
import type { HeaderAccess } from "./carrier.js";
import { ALLOW_ALL, type OutboundDecider } from "./outbound.js";
import type { Extracted, InjectContext, Propagator, RemoteSpanContext } from "./propagator.js";

/** Everything found in an inbound carrier. */
export interface Found {
  /** The first valid context in propagator order, and the format it came in. */
  readonly context?: (RemoteSpanContext & { readonly format: string }) | undefined;
  /** Baggage from every propagator, merged in order (earlier formats win a key). */
  readonly baggage: Baggage;
}

const EMPTY_BAGGAGE: Baggage = new Map();

const NOTHING: Found = { context: undefined, baggage: EMPTY_BAGGAGE };

/**
 * Extracts with every propagator; one that throws is skipped.
 * @param contextOnly - when the baggage matters only beside a context (as
 *   for `extract`): baggage-only formats are not read at all when no trace
 *   format finds a context (the result is then empty).
 * @returns the first valid context and the merged baggage.
 */
export function extractWith(
  propagators: readonly Propagator[],
  headers: HeaderAccess,
  contextOnly = false,
): Found {
  let context: Found["context"];
  let baggage: Map<string, NonNullable<ReturnType<Baggage["get"]>>> | undefined;
  let single: Baggage = EMPTY_BAGGAGE;
  for (let i = 0; i < propagators.length; i++) {
    const propagator = propagators[i]!;
    if (contextOnly && !context && propagator.kind === "baggage") {
      // No context yet. With no trace format left, none will come; with one
      // left (an unusual order), read the trace formats first.
      return hasTraceFormat(propagators, i + 1) ? tracesFirst(propagators, headers) : NOTHING;
    }
    const found = safeExtract(propagator, headers);
    if (!found) continue;
    if (found.context && !context) context = withFormat(found.context, propagator.name);
    if (!found.baggage || found.baggage.size === 0) continue;
    if (single.size === 0) {
      single = found.baggage;
      continue;
    }
    baggage ??= new Map(single);
    for (const [key, entry] of found.baggage) if (!baggage.has(key)) baggage.set(key, entry);
  }
  if (contextOnly && !context) return NOTHING;
  return { context, baggage: baggage ?? single };
}

/** {@link extractWith} with `contextOnly` when a baggage format comes before a trace format. */
function tracesFirst(propagators: readonly Propagator[], headers: HeaderAccess): Found {
  const traced = readTraceFormats(propagators, headers);
  if (!traced) return NOTHING;
  // Replay in order: the trace formats' results as read, the others read now.
  const replay = propagators.map(
    (propagator, i): Propagator =>
      propagator.kind === "trace" ? { ...propagator, extract: () => traced[i] } : propagator,
  );
  return extractWith(replay, headers);
}

function hasTraceFormat(propagators: readonly Propagator[], from: number): boolean {
  for (let i = from; i < propagators.length; i++) if (propagators[i]!.kind === "trace") return true;
  return false;
}

/** What each trace format found, by propagator index; `undefined` when none found a context. */
function readTraceFormats(
  propagators: readonly Propagator[],
  headers: HeaderAccess,
): Extracted[] | undefined {
  const traced: Extracted[] = [];
  let any = false;
  for (let i = 0; i < propagators.length; i++) {
    const propagator = propagators[i]!;
    if (propagator.kind !== "trace") continue;
    const found = safeExtract(propagator, headers);
    if (!found) continue;
    traced[i] = found;
    any ||= found.context !== undefined;
  }
  return any ? traced : undefined;
}

function safeExtract(propagator: Propagator, headers: HeaderAccess): Extracted | undefined {
  try {
    return propagator.extract(headers);
  } catch {
    return undefined;
  }
}

/**
 * A copy of `context` with its format, written field by field: one object
 * shape for every format (an object spread plus a field is also several
 * times slower in Node 20).
 */
function withFormat(context: RemoteSpanContext, format: string): NonNullable<Found["context"]> {
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    traceFlags: context.traceFlags,
    traceState: context.traceState,
    sampled: context.sampled,
    carried: context.carried,
    format,
  };
}

/**
 * Injects with every allowed propagator. When the caller already set any
 * trace header, no trace format is written, so the caller's context wins,
 * is never duplicated and never contradicted by a second format; baggage
 * propagators merge with the caller's entries.
 *
 * @param decide - the outbound policy (`compileOutbound`); default: allow all.
 * @param url - the destination it is asked about.
 */
export function injectWith(
  propagators: readonly Propagator[],
  ctx: InjectContext,
  headers: HeaderAccess,
  decide: OutboundDecider = ALLOW_ALL,
  url?: URL,
): void {
  let callerSetTrace = false;
  for (let i = 0; i < propagators.length && !callerSetTrace; i++) {
    const propagator = propagators[i]!;
    callerSetTrace = propagator.kind === "trace" && callerSetAny(propagator.fields, headers);
  }
  for (let i = 0; i < propagators.length; i++) {
    const propagator = propagators[i]!;
    if (propagator.kind === "trace" && callerSetTrace) continue;
    if (decide !== ALLOW_ALL && !decide(propagator.kind, url)) continue;
    try {
      propagator.inject(ctx, headers);
    } catch {
      // One broken format must not stop the others.
    }
  }
}

function callerSetAny(fields: readonly string[], headers: HeaderAccess): boolean {
  for (let i = 0; i < fields.length; i++) if (headers.get(fields[i]!) !== undefined) return true;
  return false;
}
