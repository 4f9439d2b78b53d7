/**
 * `extract`: read a remote context from any carrier.
 * @module
 */
import { type Carrier, headerAccess } from "./carrier.js";
import { extractWith } from "./composite-propagator.js";
import { DEFAULT_PROPAGATORS } from "./defaults.js";
import type { Propagator } from "./propagator.js";
import type { RemoteContext } from "./remote-context.js";

export type { RemoteContext } from "./remote-context.js";

/** Options shared by `extract` and `inject`. */
export interface PropagationOptions {
  /** Formats in priority order. Default: W3C Trace Context, then W3C Baggage. */
  readonly propagators?: readonly Propagator[] | undefined;
}

/**
 * Reads the caller's trace context and baggage. Never throws.
 *
 * @param carrier - `Headers`, a `Request`, or a header record (any key case, `string[]` values).
 * @param options - the propagators to try, in order.
 * @returns the first valid context with all baggage merged, or `undefined` when no valid trace context is present.
 * @example
 * const remote = extract(request);
 * remote?.traceId; // "4bf92f3577b34da6a3ce929d0e0e4736"
 * remote?.baggage.get("tenant")?.value;
 */
export function extract(carrier: Carrier, options?: PropagationOptions): RemoteContext | undefined {
  try {
    // No context means no result: baggage is not even read then.
    const propagators = options?.propagators ?? DEFAULT_PROPAGATORS;
    return extractWith(propagators, headerAccess(carrier), true).context;
  } catch {
    return undefined;
  }
}
