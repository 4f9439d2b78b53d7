/**
 * Runs several propagators as one, each isolated from the others' failures.
 * @module
 */

import { type Carrier, type HeaderAccess, headerAccess } from "./carrier.js";
import type { OutboundPolicy } from "./outbound.js";
import type { Extracted, InjectContext, Propagator, RemoteSpanContext } from "./propagator.js";
import type { RemoteContext } from "./remote-context.js";
import type { Baggage } from "./w3c/baggage.js";

/** Everything found in an inbound carrier. */
export interface Found {
  /** The first valid context in propagator order, and the format it came in. */
  readonly context?: (RemoteSpanContext & { readonly format: string }) | undefined;
  /** Baggage from every propagator, merged in order (earlier formats win a key). */
  readonly baggage: Baggage;
}

/** What {@link extractWith} finds: its context holds the merged baggage too, as `extract` returns it. */
interface Extraction extends Found {
  readonly context?: RemoteContext | undefined;
}

const EMPTY_BAGGAGE: Baggage = new Map();

/** What an inbound carrier holds when nothing can be read from it. */
export const NOTHING_FOUND: Found = { baggage: EMPTY_BAGGAGE };

/**
 * What every inbound path (requests, events, RPC calls, queue and socket
 * envelopes) reads a carrier with: never throws, whatever the carrier.
 * @param propagators - the formats, in priority order.
 * @param carrier - headers, a request, or a header record.
 * @returns the context and baggage found, or nothing.
 */
export function readCarrier(propagators: readonly Propagator[], carrier: Carrier): Found {
  try {
    return extractWith(propagators, headerAccess(carrier));
  } catch {
    return NOTHING_FOUND;
  }
}

/**
 * Extracts with every propagator; one that throws is skipped.
 * @param contextOnly - when the baggage matters only beside a context (as
 *   for `extract`): baggage-only formats are read only once a trace format
 *   found a context (the result is otherwise empty).
 * @returns the first valid context and the merged baggage.
 */
export function extractWith(
  propagators: readonly Propagator[],
  headers: HeaderAccess,
  contextOnly = false,
): Extraction {
  // Trace formats first; baggage-only ones wait when they may not be needed.
  const later = (propagator: Propagator): boolean => contextOnly && propagator.kind === "baggage";
  const found = propagators.map((p) => (later(p) ? undefined : safeExtract(p, headers)));
  const first = found.findIndex((extracted) => extracted?.context);
  if (contextOnly && first < 0) return { baggage: EMPTY_BAGGAGE };
  let baggage = EMPTY_BAGGAGE;
  propagators.forEach((propagator, i) => {
    // Sizes are not asked: a received baggage is parsed only when read.
    const more = (later(propagator) ? safeExtract(propagator, headers) : found[i])?.baggage;
    if (more) baggage = baggage === EMPTY_BAGGAGE ? more : merge(baggage, more);
  });
  const remote = found[first]?.context;
  // Field by field, not a spread: one object shape for every format (an
  // object spread plus fields is also several times slower in Node 20).
  const context: RemoteContext | undefined = remote && {
    traceId: remote.traceId,
    spanId: remote.spanId,
    traceFlags: remote.traceFlags,
    traceState: remote.traceState,
    sampled: remote.sampled,
    carried: remote.carried,
    format: propagators[first]!.name,
    baggage,
  };
  return { context, baggage };
}

/** `earlier` with the entries of `more` whose key it lacks, appended. */
function merge(earlier: Baggage, more: Baggage): Baggage {
  const merged = new Map(earlier);
  for (const [key, entry] of more) if (!merged.has(key)) merged.set(key, entry);
  return merged;
}

function safeExtract(propagator: Propagator, headers: HeaderAccess): Extracted | undefined {
  try {
    return propagator.extract(headers);
  } catch {
    return undefined;
  }
}

/**
 * Injects with every allowed propagator. When the caller already set any
 * trace header, no trace format is written, so the caller's context wins,
 * is never duplicated and never contradicted by a second format; baggage
 * propagators merge with the caller's entries.
 *
 * @param policy - the outbound policy ({@link outboundPolicy}); `undefined` allows all.
 * @param url - the destination it is asked about.
 */
export function injectWith(
  propagators: readonly Propagator[],
  ctx: InjectContext,
  headers: HeaderAccess,
  policy?: OutboundPolicy,
  url?: URL,
): void {
  const callerSetTrace = propagators.some(
    (p) => p.kind === "trace" && p.fields.some((field) => headers.get(field) !== undefined),
  );
  for (const propagator of propagators) {
    if (propagator.kind === "trace" && callerSetTrace) continue;
    if (policy && !policy(propagator.kind, url)) continue;
    try {
      propagator.inject(ctx, headers);
    } catch {
      // One broken format must not stop the others.
    }
  }
}
