/**
 * Durable Object storage inside `withTraceClass`, when
 * `bindingSpans({ storage: true })` asks for it: `ctx.storage` `get`,
 * `put`, `delete`, `list` and `deleteAll`, and `ctx.storage.sql.exec`, as
 * client spans of the call in progress. Keys and SQL with its placeholders
 * are recorded; stored values and the values bound to `exec` never.
 * @see https://developers.cloudflare.com/durable-objects/api/storage-api/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { keyCount, keysOf, method, optionOf } from "./attributes.js";
import { callSpan, tracedMethod } from "./call-span.js";

/** `db.system.name` of the key-value API, and of SQL (as Cloudflare's tracing names it). */
export const DO_KV_SYSTEM = "cloudflare-durable-object-kv";
export const DO_SQL_SYSTEM = "cloudflare-durable-object-sql";

type Request = (args: readonly unknown[]) => Attributes;

const keys: Request = (args) => ({
  "cloudflare.durable_object.kv.query.keys": keysOf(args[0]),
  "cloudflare.durable_object.kv.query.keys.count": keyCount(args[0]),
});

const REQUESTS: Readonly<Record<string, Request>> = {
  get: keys,
  // `put(key, value)` or `put({ key: value, ... })`: the keys, never the values.
  put: (args) =>
    typeof args[0] === "object" && args[0] !== null ? keys([Object.keys(args[0])]) : keys(args),
  delete: keys,
  deleteAll: () => ({}),
  list: (args) => ({
    "cloudflare.durable_object.kv.query.prefix": optionOf(args[0], "prefix"),
    "cloudflare.durable_object.kv.query.limit": optionOf(args[0], "limit"),
  }),
};

/**
 * @param ctx - a Durable Object's `ctx` (or its traced view); not modified.
 * @param className - the Durable Object class, the spans' target.
 * @param trace - the trace of the call in progress.
 * @returns a view whose `storage` records spans.
 */
export function storageContext<T extends object>(ctx: T, className: string, trace: TraceSource): T {
  const storage = Reflect.get(ctx, "storage", ctx);
  if (typeof storage !== "object" || storage === null) return ctx;
  const overrides: Record<string, () => unknown> = {};
  for (const [operation, request] of Object.entries(REQUESTS)) {
    const traced = tracedMethod(storage, operation, trace, (args) => ({
      name: `${operation} ${className}`,
      attributes: {
        "db.system.name": DO_KV_SYSTEM,
        "db.operation.name": operation,
        "db.namespace": className,
        ...request(args),
      },
      result: (value: unknown) =>
        value instanceof Map
          ? { "db.response.returned_rows": value.size }
          : operation === "delete" && typeof value === "number"
            ? { "cloudflare.durable_object.kv.response.deleted_count": value }
            : undefined,
    }));
    overrides[operation] = () => traced;
  }
  const sql = Reflect.get(storage, "sql", storage);
  if (typeof sql === "object" && sql !== null) {
    const sqlView = sqlStorageView(sql, className, trace);
    overrides.sql = () => sqlView;
  }
  const storageView = createView(storage, overrides);
  return createView(ctx, { storage: () => storageView });
}

function sqlStorageView(sql: object, className: string, trace: TraceSource): object {
  const exec = method(sql, "exec");
  const traced = (query: unknown, ...bindings: unknown[]) =>
    callSpan(
      trace,
      () => ({
        name: `exec ${className}`,
        attributes: {
          "db.system.name": DO_SQL_SYSTEM,
          "db.operation.name": "exec",
          "db.namespace": className,
          "db.query.text": typeof query === "string" ? query : undefined,
          "cloudflare.durable_object.query.bindings": bindings.length,
        },
      }),
      () => exec(query, ...bindings),
    );
  return createView(sql, { exec: () => traced });
}
