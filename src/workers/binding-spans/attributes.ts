/**
 * Attribute names and values shared by the binding spans. Names follow
 * OpenTelemetry's database and messaging conventions where they apply and
 * Cloudflare's own Workers tracing (`cloudflare.binding.*`, `db.system.name`
 * values such as `cloudflare-kv`) where they do not.
 * @see https://opentelemetry.io/docs/specs/semconv/database/database-spans/
 * @see https://developers.cloudflare.com/workers/observability/traces/spans-and-attributes/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";

/** The attributes every span of one binding starts with. */
export function bindingAttributes(
  system: string | undefined,
  type: string,
  binding: string,
  operation: string,
): Attributes {
  return {
    "db.system.name": system,
    "db.operation.name": operation,
    "cloudflare.binding.type": type,
    "cloudflare.binding.name": binding,
  };
}

/** A key, or the keys of a batch call, as an attribute value (never the stored values). */
export function keysOf(keys: unknown): string | readonly string[] | undefined {
  if (typeof keys === "string") return keys;
  if (Array.isArray(keys)) return keys.filter((key): key is string => typeof key === "string");
  return undefined;
}

/** How many keys a call names. */
export function keyCount(keys: unknown): number | undefined {
  if (typeof keys === "string") return 1;
  return Array.isArray(keys) ? keys.length : undefined;
}

/** A property of an options object, when it is of an attribute's type. */
export function optionOf(options: unknown, name: string): string | number | boolean | undefined {
  if (typeof options !== "object" || options === null) return undefined;
  const value: unknown = (options as Record<string, unknown>)[name];
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? value
    : undefined;
}

/** Methods of a binding, by name, called with the binding as `this`. */
export type Methods = Readonly<Record<string, (...args: unknown[]) => unknown>>;

/**
 * @param target - the binding.
 * @param name - the method's name.
 * @returns a caller of the binding's own method, looked up at each call.
 */
export function method(target: object, name: string): (...args: unknown[]) => unknown {
  return (...args) =>
    Reflect.apply(Reflect.get(target, name, target) as (...a: unknown[]) => unknown, target, args);
}
