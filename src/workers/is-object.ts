/**
 * The one object test the Workers adapter makes (an `env`, a `ctx`, a
 * binding, a call's result), shared so the bundle carries it once.
 * @module
 */

/**
 * @param value - anything.
 * @returns whether `value` is a non-null object (arrays and class instances included).
 * @example
 * if (isObject(env)) view = envView(env, () => trace);
 */
export function isObject(value: unknown): value is Readonly<Record<PropertyKey, unknown>> {
  return typeof value === "object" && value !== null;
}
