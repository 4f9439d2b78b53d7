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
/** `key = value *( ; key [ = value ] )`, with `ows` around `=` and `;` and `hex` the escape digits. */
const member = (ows: string, hex: string): string => {
  const value = `${ows}=${ows}(?:[!#$&-+\\--:<-[\\]-~]|%[${hex}]{2})*`;
  return `${TOKEN}${value}(?:${ows};${ows}${TOKEN}(?:${value})?)*`;
};
/** A trimmed member, OWS allowed around `=` and `;`. */
export const MEMBER: RegExp = /* @__PURE__ */ new RegExp(`^${member("[ \\t]*", "\\dA-Fa-f")}$`);
/**
 * A whole header already as we would send it: members without OWS, no
 * empty member, escapes in uppercase. The common case, in one test.
 */
const NORMAL = /* @__PURE__ */ new RegExp(`^(?:${member("", "\\dA-F")}(?:,(?=.)|$))+$`);
const KEY = /* @__PURE__ */ new RegExp(`^${TOKEN}$`);
/** OWS, which the grammar allows only around `=` and `;`: never part of what is sent. */
export const ANY_OWS: RegExp = /[ \t]/g;
/** A `%` that may start a lowercase escape: only then is a member rewritten. */
export const LOWERCASE_ESCAPE: RegExp = /%.?[a-f]/;
/** Each value of a member (from a `=` to the next `;`), and the escapes in it. */
export const VALUES: RegExp = /=[^;]*/g;
export const ESCAPES: RegExp = /%../g;
/** Runs of escapes of octets 0x80 and above (NORMAL admits only uppercase hex). */
export const NON_ASCII_ESCAPES: RegExp = /(?:%[89A-F][\dA-F])+/g;

/** Whether a whole header is already as edge-trace would send it (the fast path). */
export function isNormal(header: string): boolean {
  return NORMAL.test(header);
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
