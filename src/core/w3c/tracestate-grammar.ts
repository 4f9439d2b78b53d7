/**
 * The `tracestate` grammar: key and value rules.
 * @see https://w3c.github.io/trace-context/#tracestate-header-field-values
 * @module
 */

/** `lcalpha / DIGIT`, then `lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"`, 256 at most (TRACESTATE_MAX_KEY_LENGTH). */
const KEY = /^[a-z\d][a-z\d_*/@-]{0,255}$/;
/** 0x20–0x7E except `,` and `=`, 256 at most (TRACESTATE_MAX_VALUE_LENGTH); the last one not a space. */
const VALUE = /^[ -+\--<>-~]{0,255}[!-+\--<>-~]$/;

/**
 * A key begins with `a-z` or `0-9` and has up to 256 chars of `a-z 0-9 _ - * / @`.
 * The current draft makes `@` an ordinary key char (no tenant/system split,
 * no 241/14 sub-limits; w3c/trace-context PR #386).
 *
 * @param key - the candidate key.
 * @returns whether it is valid.
 * @example
 * isValidTracestateKey("fw529a3039@dt"); // true
 * isValidTracestateKey("Foo"); // false
 * @see https://w3c.github.io/trace-context/#key
 */
export function isValidTracestateKey(key: string): boolean {
  return typeof key === "string" && KEY.test(key);
}

/**
 * A value has 1 to 256 printable ASCII chars (0x20–0x7E) other than `,` and
 * `=`, and does not end with a space.
 *
 * @param value - the candidate value.
 * @returns whether it is valid.
 * @example
 * isValidTracestateValue("t61rcWkgMzE"); // true
 * isValidTracestateValue("a=b"); // false
 * @see https://w3c.github.io/trace-context/#value
 */
export function isValidTracestateValue(value: string): boolean {
  return typeof value === "string" && VALUE.test(value);
}
