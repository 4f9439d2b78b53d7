/**
 * The outbound policy: which destinations receive which headers. Compiled
 * by {@link outboundPolicy}, which only a user who sets a policy imports:
 * `extract` and `inject` take the compiled function and never reach for
 * the compiler.
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

/** Which destinations get trace context and which get baggage: what {@link outboundPolicy} compiles. */
export interface OutboundRules {
  /** `traceparent`/`tracestate` and the other trace formats. Default: everywhere. */
  readonly traceContext?: Destinations | undefined;
  /** The `baggage` header (and Jaeger `uberctx-*`). Default: everywhere. */
  readonly baggage?: Destinations | undefined;
}

/**
 * A compiled outbound policy: whether a kind of header may go to a URL
 * (`undefined` when the destination is not known).
 */
export type OutboundPolicy = (kind: "trace" | "baggage", url: URL | undefined) => boolean;

/** The policy that allows everything everywhere; also what no policy means. */
export const ALLOW_ALL: OutboundPolicy = () => true;

/**
 * Compiles outbound rules into a policy for `inject` and the adapters'
 * `outbound` option.
 *
 * @param rules - which destinations get which headers; a missing entry allows everything.
 * @returns a function telling whether a kind of header may go to a URL;
 *   with no URL known, only an unconditional `true` allows it.
 * @example
 * const policy = outboundPolicy({ traceContext: true, baggage: ["*.example.com"] });
 * inject(trace, headers, { url: "https://api.example.com/x", policy }); // baggage sent
 * policy("baggage", new URL("https://cdn.other.net/")); // false
 */
export function outboundPolicy(rules: OutboundRules = {}): OutboundPolicy {
  const everywhere = (d: Destinations | undefined): boolean => d === undefined || d === true;
  if (everywhere(rules.traceContext) && everywhere(rules.baggage)) return ALLOW_ALL;
  const trace = compileDestinations(rules.traceContext ?? true);
  const baggage = compileDestinations(rules.baggage ?? true);
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
