/**
 * What reading a carrier yields: the caller's span context and its baggage.
 * Its own file, so that `extract` and the propagator runner that builds it
 * need not import each other.
 * @module
 */

import type { RemoteSpanContext } from "./propagator.js";
import type { Baggage } from "./w3c/baggage.js";

/** A caller's span context with the baggage that came with it. */
export interface RemoteContext extends RemoteSpanContext {
  readonly baggage: Baggage;
  /** The propagator name it was read with (`"w3c"`, `"b3"`, …). */
  readonly format: string;
}
