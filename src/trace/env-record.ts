/**
 * Where `OTEL_*` variables are read from: a Worker's `env`, `process.env`,
 * `Deno.env.toObject()`.
 * @module
 */

/** An environment: variable names to values (non-strings are ignored). */
export type EnvRecord = Readonly<Record<string, unknown>>;
