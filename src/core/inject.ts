/**
 * `inject`: write a context into any carrier.
 * @module
 */
import { type Carrier, headerAccess } from "./carrier.js";
import { injectWith } from "./composite-propagator.js";
import { DEFAULT_PROPAGATORS } from "./defaults.js";
import type { PropagationOptions } from "./extract.js";
import type { OutboundPolicy } from "./outbound.js";
import type { InjectContext } from "./propagator.js";
import { toUrl } from "./url.js";

/** Options for `inject`. */
export interface InjectOptions extends PropagationOptions {
  /** The destination, checked against `policy`. */
  readonly url?: string | URL | undefined;
  /** Which destinations get trace context and baggage ({@link outboundPolicy}). Default: all of them. */
  readonly policy?: OutboundPolicy | undefined;
}

/**
 * Writes the context into an outbound carrier. A trace header the caller
 * already set wins; caller-set baggage entries are kept and ours merged in.
 * Never throws; an immutable carrier is left unchanged.
 *
 * @param ctx - the span to propagate as parent (a `Trace` works), with its trace state and baggage.
 * @param carrier - `Headers`, a `Request` with mutable headers, or a header record.
 * @param options - propagators, destination and outbound policy.
 * @example
 * const headers = new Headers();
 * inject(trace, headers, {
 *   url: "https://api.example.com/",
 *   policy: outboundPolicy({ baggage: ["*.example.com"] }),
 * });
 * await fetch("https://api.example.com/", { headers });
 */
export function inject(ctx: InjectContext, carrier: Carrier, options?: InjectOptions): void {
  try {
    const policy = options?.policy;
    injectWith(
      options?.propagators ?? DEFAULT_PROPAGATORS,
      ctx,
      headerAccess(carrier),
      policy,
      // No policy: nothing to decide, and the URL is not needed.
      policy && toUrl(options?.url),
    );
  } catch {
    // Tracing never breaks the caller.
  }
}
