/**
 * Resolves adapter options (and, later, `OTEL_*` variables) into a tracer.
 * @module
 */
import type { TraceOptions } from "./options.js";
import { Tracer } from "./tracer.js";

/** Variables such as a Worker's `env`, `process.env` or `Deno.env`. */
export type EnvRecord = Readonly<Record<string, unknown>>;

/**
 * @param options - the adapter's options.
 * @param _env - where `OTEL_*` variables are read from.
 * @returns the tracer every request of the handler shares.
 */
export function resolveTracer<R>(options: TraceOptions<R>, _env?: EnvRecord): Tracer {
  return new Tracer(options);
}
