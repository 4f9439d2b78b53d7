/**
 * The propagator contract: what one wire format implements.
 * @module
 */

import type { HeaderAccess } from "./carrier.js";
import type { Baggage } from "./w3c/baggage.js";
import type { SpanContext } from "./w3c/traceparent.js";
import type { TraceState } from "./w3c/tracestate.js";

/** A span context read from the wire. */
export interface RemoteSpanContext extends SpanContext {
  readonly traceState?: TraceState | undefined;
  /** `undefined` when the format carried no sampling decision (X-Ray without `Sampled`). */
  readonly sampled?: boolean | undefined;
  /** Format-specific fields carried through unchanged (X-Ray `Lineage`, B3 debug). */
  readonly carried?: Readonly<Record<string, string>> | undefined;
}

/** What one propagator found in a carrier. */
export interface Extracted {
  readonly context?: RemoteSpanContext | undefined;
  readonly baggage?: Baggage | undefined;
}

/** What a propagator writes: the current span and the baggage to send on. */
export interface InjectContext extends SpanContext {
  readonly traceState?: TraceState | undefined;
  readonly baggage?: Baggage | undefined;
  readonly carried?: Readonly<Record<string, string>> | undefined;
  /**
   * Told how many baggage members the W3C limits kept out of a header just
   * written (members set here go before received ones). Must not throw.
   */
  onBaggageDropped?(count: number): void;
}

/** One wire format. Must not throw, but the composite guards it anyway. */
export interface Propagator {
  /** A short name: `"w3c"`, `"baggage"`, `"b3"`, `"b3multi"`, `"xray"`, `"jaeger"`. */
  readonly name: string;
  /** Lowercase header names it writes; a caller-set header among them wins over injection. */
  readonly fields: readonly string[];
  /** `"trace"` for trace context formats, `"baggage"` for baggage-only formats. */
  readonly kind: "trace" | "baggage";
  extract(headers: HeaderAccess): Extracted | undefined;
  inject(ctx: InjectContext, headers: HeaderAccess): void;
}
