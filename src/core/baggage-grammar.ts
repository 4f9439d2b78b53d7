/**
 * The W3C Baggage grammar as regular expressions, and the checks built on
 * them: what a member, a key and a header in normal form look like.
 * @see https://w3c.github.io/baggage/#definition
 * @module
 */

// The grammar (https://w3c.github.io/baggage/#definition), as regex sources:
// key = token (RFC 7230 tchar); value = *baggage-octet with `%` only as `%XX`
// (§3.3.1.3: `%` itself MUST be encoded); OWS = *( SP / HTAB ).
const TOKEN = "[!#-'*+\\-.\\dA-Z^-z|~]+";
const VALUE = "(?:[!#$&-+\\--:<-[\\]-~]|%[\\dA-Fa-f]{2})*";
const OWS = "[ \\t]*";
/** `*baggage-octet`, `%` included. */
const OCTETS = "[!#-+\\--:<-[\\]-~]*";
/** `key OWS "=" OWS value *( OWS ";" OWS key [ OWS "=" OWS value ] )`, trimmed. */
export const MEMBER: RegExp = /* @__PURE__ */ new RegExp(
  `^${TOKEN}${OWS}=${OWS}${VALUE}(?:${OWS};${OWS}${TOKEN}(?:${OWS}=${OWS}${VALUE})?)*$`,
);
/**
 * A whole header already as we would send it: members without OWS, no
 * empty member; `%` is checked apart ({@link BAD_ESCAPE}). The common case,
 * in one test: a flat char class here is ~2x faster in JavaScriptCore than
 * the escape alternation of {@link MEMBER}.
 */
const NORMAL = /* @__PURE__ */ new RegExp(
  `^(?:${TOKEN}=${OCTETS}(?:;${TOKEN}(?:=${OCTETS})?)*(?:,(?=.)|$))+$`,
);
/** A `%` not followed by two uppercase hex digits (lowercase ones are normalized by the full parse). */
const BAD_ESCAPE = /%(?![\dA-F]{2})/;
const KEY = /* @__PURE__ */ new RegExp(`^${TOKEN}$`);
/** OWS, which the grammar allows only around `=` and `;`: never part of what is sent. */
export const ANY_OWS: RegExp = /[ \t]/g;
/** A `%XX` with a lowercase hex digit. */
export const LOWERCASE_ESCAPE: RegExp = /%(?:[a-f][\dA-Fa-f]|[\dA-F][a-f])/;
/** Each value of a member (from a `=` to the next `;`), and the escapes in it. */
export const VALUES: RegExp = /=[^;]*/g;
export const ESCAPES: RegExp = /%../g;
/** Runs of escapes of octets 0x80 and above (NORMAL admits only uppercase hex). */
export const NON_ASCII_ESCAPES: RegExp = /(?:%[89A-F][\dA-F])+/g;

/** Whether a whole header is already as edge-trace would send it (the fast path). */
export function isNormal(header: string): boolean {
  return NORMAL.test(header) && !BAD_ESCAPE.test(header);
}

/**
 * A key is an RFC 7230 `token`: one or more of ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
 *
 * @param key - the candidate key.
 * @returns whether it is valid.
 * @example
 * isValidBaggageKey("userId"); // true
 * isValidBaggageKey("user id"); // false
 * @see https://httpwg.org/specs/rfc7230.html#rule.token.separators
 */
export function isValidBaggageKey(key: string): boolean {
  return typeof key === "string" && KEY.test(key);
}
