/**
 * D1: each statement run (`first`, `all`, `run`, `raw`), `batch` and
 * `exec` as a client span. A prepared statement's text is recorded with
 * its placeholders; the values given to `bind` never are.
 * @see https://developers.cloudflare.com/d1/worker-api/
 * @module
 */
import type { Attributes } from "../../trace/span-data.js";
import type { TraceSource } from "../binding-views.js";
import { createView } from "../view.js";
import { bindingAttributes, method } from "./attributes.js";
import { callSpan } from "./call-span.js";

/** `db.system.name` of D1, as Cloudflare's Workers tracing sets it. */
export const D1_SYSTEM = "cloudflare-d1";

const RUNS = ["first", "all", "run", "raw"] as const;

interface D1Scope {
  readonly binding: string;
  readonly trace: TraceSource;
  /**
   * Statement views → the runtime's statement and its SQL: `batch` is
   * given the runtime's own (it may read their private fields).
   */
  readonly statements: WeakMap<object, { readonly original: object; readonly query: string }>;
}

/**
 * @param db - a D1 database binding (or a session of one); not modified.
 * @param binding - its name in `env`.
 * @param trace - the trace each call belongs to.
 * @returns a view whose statements, `batch` and `exec` record spans.
 */
export function d1View<T extends object>(db: T, binding: string, trace: TraceSource): T {
  return databaseView(db, { binding, trace, statements: new WeakMap() });
}

function databaseView<T extends object>(db: T, scope: D1Scope): T {
  const prepare = method(db, "prepare");
  const batch = method(db, "batch");
  const exec = method(db, "exec");
  const withSession = method(db, "withSession");
  const tracedPrepare = (query: unknown) => {
    const statement = prepare(query);
    return isObject(statement) ? statementView(statement, String(query), scope) : statement;
  };
  const tracedBatch = (statements: unknown) => {
    const list = Array.isArray(statements) ? statements : [];
    const known = list.map((item) => (isObject(item) ? scope.statements.get(item) : undefined));
    return callSpan(
      scope.trace,
      () => {
        const attributes = span(scope, "batch");
        attributes["db.operation.batch.size"] = list.length;
        attributes["db.query.text"] = known
          .flatMap((statement) => (statement ? [statement.query] : []))
          .join("; ");
        return { name: `batch ${scope.binding}`, attributes };
      },
      () =>
        batch(
          Array.isArray(statements)
            ? list.map((item, index) => known[index]?.original ?? item)
            : statements,
        ),
    );
  };
  const tracedExec = (query: unknown) =>
    callSpan(
      scope.trace,
      () => {
        const attributes = span(scope, "exec");
        attributes["db.query.text"] = typeof query === "string" ? query : undefined;
        return { name: `exec ${scope.binding}`, attributes };
      },
      () => exec(query),
    );
  const tracedSession = (...args: unknown[]) => {
    const session = withSession(...args);
    return isObject(session) ? databaseView(session, scope) : session;
  };
  return createView(db, {
    prepare: () => tracedPrepare,
    batch: () => tracedBatch,
    exec: () => tracedExec,
    withSession: () =>
      typeof Reflect.get(db, "withSession") === "function" ? tracedSession : undefined,
  });
}

function statementView<T extends object>(statement: T, query: string, scope: D1Scope): T {
  const bind = method(statement, "bind");
  const overrides: Record<string, () => unknown> = {
    bind:
      () =>
      (...values: unknown[]) => {
        const bound = bind(...values);
        return isObject(bound) ? statementView(bound, query, scope) : bound;
      },
  };
  for (const operation of RUNS) {
    const run = method(statement, operation);
    const traced = (...args: unknown[]) =>
      callSpan(
        scope.trace,
        () => {
          const attributes = span(scope, operation);
          attributes["db.query.text"] = query;
          // `first` resolves to a row (or one column of it): nothing to count.
          const result = operation === "first" ? undefined : resultOf;
          return { name: `${operation} ${scope.binding}`, attributes, result };
        },
        () => run(...args),
      );
    overrides[operation] = () => traced;
  }
  const view = createView(statement, overrides);
  scope.statements.set(view, { original: statement, query });
  return view;
}

function span(scope: D1Scope, operation: string): Attributes {
  return bindingAttributes(D1_SYSTEM, "D1", scope.binding, operation);
}

/** `all` and `run` resolve to `{ results, meta }`: counts and timings, never rows. */
function resultOf(value: unknown): Attributes | undefined {
  if (!isObject(value) || Array.isArray(value)) {
    return Array.isArray(value) ? { "db.response.returned_rows": value.length } : undefined;
  }
  const { results, meta } = value as { results?: unknown; meta?: unknown };
  if (!isObject(meta)) return undefined;
  const number = (name: string) => {
    const field: unknown = (meta as Record<string, unknown>)[name];
    return typeof field === "number" ? field : undefined;
  };
  const region: unknown = (meta as Record<string, unknown>).served_by_region;
  return {
    "db.response.returned_rows": Array.isArray(results) ? results.length : undefined,
    "cloudflare.d1.response.rows_read": number("rows_read"),
    "cloudflare.d1.response.rows_written": number("rows_written"),
    "cloudflare.d1.response.changes": number("changes"),
    "cloudflare.d1.response.sql_duration_ms": number("duration"),
    "cloudflare.d1.response.served_by_region": typeof region === "string" ? region : undefined,
  };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
