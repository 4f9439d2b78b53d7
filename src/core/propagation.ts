/**
 * Runs several propagators as one, each isolated from the others' failures.
 * @module
 */
import type { Baggage } from "./baggage.js";
import type { HeaderAccess } from "./carrier.js";
import type { InjectContext, Propagator, RemoteSpanContext } from "./propagator.js";

/** Everything found in an inbound carrier. */
export interface Found {
  /** The first valid context in propagator order, and the format it came in. */
  readonly context?: (RemoteSpanContext & { readonly format: string }) | undefined;
  /** Baggage from every propagator, merged in order (earlier formats win a key). */
  readonly baggage: Baggage;
}

/** Which kinds of header may be written (the outbound policy's answer). */
export type KindFilter = (kind: Propagator["kind"]) => boolean;

const EMPTY_BAGGAGE: Baggage = new Map();
const allowAll: KindFilter = () => true;

/**
 * Extracts with every propagator; one that throws is skipped.
 * @returns the first valid context and the merged baggage.
 */
export function extractWith(propagators: readonly Propagator[], headers: HeaderAccess): Found {
  let context: Found["context"];
  let baggage: Map<string, NonNullable<ReturnType<Baggage["get"]>>> | undefined;
  let single: Baggage = EMPTY_BAGGAGE;
  for (const propagator of propagators) {
    let found: ReturnType<Propagator["extract"]>;
    try {
      found = propagator.extract(headers);
    } catch {
      continue;
    }
    if (!found) continue;
    if (found.context && !context) context = { ...found.context, format: propagator.name };
    if (!found.baggage || found.baggage.size === 0) continue;
    if (single.size === 0) {
      single = found.baggage;
      continue;
    }
    baggage ??= new Map(single);
    for (const [key, entry] of found.baggage) if (!baggage.has(key)) baggage.set(key, entry);
  }
  return { context, baggage: baggage ?? single };
}

/**
 * Injects with every allowed propagator. When the caller already set any
 * trace header, no trace format is written, so the caller's context wins,
 * is never duplicated and never contradicted by a second format; baggage
 * propagators merge with the caller's entries.
 */
export function injectWith(
  propagators: readonly Propagator[],
  ctx: InjectContext,
  headers: HeaderAccess,
  allow: KindFilter = allowAll,
): void {
  const callerSetTrace = propagators.some(
    (p) => p.kind === "trace" && callerSetAny(p.fields, headers),
  );
  for (const propagator of propagators) {
    if (!allow(propagator.kind)) continue;
    if (propagator.kind === "trace" && callerSetTrace) continue;
    try {
      propagator.inject(ctx, headers);
    } catch {
      // One broken format must not stop the others.
    }
  }
}

function callerSetAny(fields: readonly string[], headers: HeaderAccess): boolean {
  for (const field of fields) if (headers.get(field) !== undefined) return true;
  return false;
}
