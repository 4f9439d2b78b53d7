/**
 * The outbound policy: which destinations receive which headers.
 * @module
 */

/**
 * Where a kind of header may go: everywhere (`true`), nowhere (`false`), a
 * list of origins and URL patterns, or a predicate.
 *
 * Patterns: `"https://api.example.com"` (one origin), `"*.example.com"`
 * (a host and its subdomains, any scheme), `"https://example.com/api/"`
 * (a URL prefix), or a `RegExp` tested against the full URL.
 */
export type Destinations = boolean | readonly (string | RegExp)[] | ((url: URL) => boolean);

/** Which destinations get trace context and which get baggage. */
export interface OutboundPolicy {
  /** `traceparent`/`tracestate` and the other trace formats. Default: everywhere. */
  readonly traceContext?: Destinations | undefined;
  /** The `baggage` header (and Jaeger `uberctx-*`). Default: everywhere. */
  readonly baggage?: Destinations | undefined;
}

/** A policy compiled once: answers per kind for a destination. */
export type OutboundDecider = (kind: "trace" | "baggage", url: URL | undefined) => boolean;

/** The decider of the default policy: everything everywhere. Compared by identity to skip asking. */
export const ALLOW_ALL: OutboundDecider = () => true;

/**
 * Compiles a policy into a fast decision function.
 * @param policy - the user's policy; missing entries allow everything.
 * @returns a function telling whether a kind of header may go to a URL;
 *   with no URL known, only an unconditional `true` allows it.
 * @example
 * const allow = compileOutbound({ baggage: ["*.example.com"] });
 * allow("baggage", new URL("https://api.example.com/x")); // true
 * allow("baggage", new URL("https://cdn.other.net/")); // false
 */
export function compileOutbound(policy: OutboundPolicy = {}): OutboundDecider {
  const everywhere = (d: Destinations | undefined): boolean => d === undefined || d === true;
  if (everywhere(policy.traceContext) && everywhere(policy.baggage)) return ALLOW_ALL;
  const trace = compileDestinations(policy.traceContext ?? true);
  const baggage = compileDestinations(policy.baggage ?? true);
  return (kind, url) => (kind === "trace" ? trace(url) : baggage(url));
}

function compileDestinations(destinations: Destinations): (url: URL | undefined) => boolean {
  if (destinations === true) return () => true;
  if (destinations === false) return () => false;
  if (typeof destinations === "function") {
    return (url) => url !== undefined && safely(() => destinations(url));
  }
  const matchers = destinations.map(compilePattern);
  return (url) => url !== undefined && matchers.some((match) => match(url));
}

function compilePattern(pattern: string | RegExp): (url: URL) => boolean {
  if (pattern instanceof RegExp) return (url) => pattern.test(url.href);
  const schemeEnd = pattern.indexOf("://");
  const scheme = schemeEnd >= 0 ? pattern.slice(0, schemeEnd + 1).toLowerCase() : undefined;
  const rest = schemeEnd >= 0 ? pattern.slice(schemeEnd + 3) : pattern;
  const slash = rest.indexOf("/");
  const host = (slash >= 0 ? rest.slice(0, slash) : rest).toLowerCase();
  const pathPrefix = slash >= 0 ? rest.slice(slash) : "";
  const wildcard = host.startsWith("*.");
  const base = wildcard ? host.slice(2) : host;
  return (url) => {
    if (scheme !== undefined && url.protocol !== scheme) return false;
    const target = host.includes(":") ? url.host : url.hostname;
    const hostOk = wildcard ? target === base || target.endsWith(`.${base}`) : target === base;
    return hostOk && url.pathname.startsWith(pathPrefix);
  };
}

function safely(decide: () => boolean): boolean {
  try {
    return decide() === true;
  } catch {
    return false;
  }
}
