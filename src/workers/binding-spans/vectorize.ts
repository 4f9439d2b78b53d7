/**
 * Vectorize: `query`, `queryById`, `insert`, `upsert`, `getByIds` and
 * `deleteByIds` as client spans, with counts (vectors, ids, matches),
 * never vector values, ids or metadata.
 * @see https://developers.cloudflare.com/vectorize/reference/client-api/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { bindingAttributes, optionOf } from "./attributes.js";
import { tracedMethod } from "./call-span.js";

/** `db.system.name` of Vectorize (not a registered value; named like `cloudflare-kv`). */
export const VECTORIZE_SYSTEM = "cloudflare-vectorize";

type Request = (args: readonly unknown[]) => Attributes;

const count = (value: unknown) => (Array.isArray(value) ? value.length : undefined);
const topK = (args: readonly unknown[]) => ({
  "cloudflare.vectorize.query.top_k": optionOf(args[1], "topK"),
});

const REQUESTS: Readonly<Record<string, Request>> = {
  query: topK,
  queryById: topK,
  insert: (args) => ({ "db.operation.batch.size": count(args[0]) }),
  upsert: (args) => ({ "db.operation.batch.size": count(args[0]) }),
  getByIds: (args) => ({ "cloudflare.vectorize.query.ids.count": count(args[0]) }),
  deleteByIds: (args) => ({ "cloudflare.vectorize.query.ids.count": count(args[0]) }),
};

/**
 * @param index - a Vectorize index binding; not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace each call belongs to.
 * @returns a view whose operations record spans.
 */
export function vectorizeView<T extends object>(index: T, binding: string, trace: TraceSource): T {
  const overrides: Record<string, () => unknown> = {};
  for (const [operation, request] of Object.entries(REQUESTS)) {
    if (typeof Reflect.get(index, operation) !== "function") continue;
    const traced = tracedMethod(index, operation, trace, (args) => ({
      name: `${operation} ${binding}`,
      attributes: {
        ...bindingAttributes(VECTORIZE_SYSTEM, "Vectorize", binding, operation),
        ...request(args),
      },
      result: resultOf,
    }));
    overrides[operation] = () => traced;
  }
  return createView(index, overrides);
}

/** Matches of a query, vectors found by id, the mutation's count. */
function resultOf(value: unknown): Attributes | undefined {
  if (Array.isArray(value)) return { "db.response.returned_rows": value.length };
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  return {
    "db.response.returned_rows": count(record.matches),
    "cloudflare.vectorize.response.count":
      typeof record.count === "number" ? record.count : undefined,
  };
}
