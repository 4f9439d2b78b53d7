/**
 * Workers KV: `get`, `getWithMetadata`, `put`, `delete` and `list` as
 * client spans. Keys are recorded, values and metadata never.
 * @see https://developers.cloudflare.com/kv/api/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { bindingAttributes, keyCount, keysOf, optionOf } from "./attributes.js";
import { tracedMethod } from "./call-span.js";

/** `db.system.name` of KV, as Cloudflare's Workers tracing sets it. */
export const KV_SYSTEM = "cloudflare-kv";

type Describe = (args: readonly unknown[], attributes: Attributes) => void;

/** What each operation adds from its arguments. */
const REQUESTS: Readonly<Record<string, Describe>> = {
  get: readOptions,
  getWithMetadata: readOptions,
  put(args, attributes) {
    const value = args[1];
    attributes["cloudflare.kv.query.value_type"] =
      typeof value === "string" ? "text" : value instanceof ReadableStream ? "stream" : "binary";
    attributes["cloudflare.kv.query.expiration"] = optionOf(args[2], "expiration");
    attributes["cloudflare.kv.query.expiration_ttl"] = optionOf(args[2], "expirationTtl");
  },
  delete: () => {},
  list(args, attributes) {
    attributes["cloudflare.kv.query.prefix"] = optionOf(args[0], "prefix");
    attributes["cloudflare.kv.query.limit"] = optionOf(args[0], "limit");
  },
};

function readOptions(args: readonly unknown[], attributes: Attributes): void {
  const options = args[1];
  attributes["cloudflare.kv.query.type"] =
    typeof options === "string" ? options : optionOf(options, "type");
  attributes["cloudflare.kv.query.cache_ttl"] = optionOf(options, "cacheTtl");
}

/**
 * @param kv - a KV namespace binding; not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace each call belongs to.
 * @returns a view of `kv` whose five operations record spans.
 */
export function kvView<T extends object>(kv: T, binding: string, trace: TraceSource): T {
  const overrides: Record<string, () => unknown> = {};
  for (const [operation, describe] of Object.entries(REQUESTS)) {
    const traced = tracedMethod(kv, operation, trace, (args) => {
      const attributes = bindingAttributes(KV_SYSTEM, "KV", binding, operation);
      if (operation !== "list") {
        attributes["cloudflare.kv.query.keys"] = keysOf(args[0]);
        attributes["cloudflare.kv.query.keys.count"] = keyCount(args[0]);
      }
      describe(args, attributes);
      return {
        name: `${operation} ${binding}`,
        attributes,
        result: (value) => resultOf(operation, value),
      };
    });
    overrides[operation] = () => traced;
  }
  return createView(kv, overrides);
}

function resultOf(operation: string, value: unknown): Attributes | undefined {
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  switch (operation) {
    case "get":
      // Many keys at once resolve to a Map; one key to its value or null.
      return value instanceof Map
        ? { "cloudflare.kv.response.returned_rows": value.size }
        : { "cloudflare.kv.response.hit": value !== null };
    case "getWithMetadata":
      return {
        "cloudflare.kv.response.hit": record.value !== null && record.value !== undefined,
        "cloudflare.kv.response.cache_status": stringOr(record.cacheStatus),
      };
    case "list":
      return {
        "cloudflare.kv.response.returned_rows": Array.isArray(record.keys)
          ? record.keys.length
          : undefined,
        "cloudflare.kv.response.list_complete": record.list_complete === true,
        "cloudflare.kv.response.cache_status": stringOr(record.cacheStatus),
      };
    default:
      return undefined;
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
