/**
 * Where `OTEL_*` variables come from on a long-running runtime: `Deno.env`
 * on Deno, `process.env` on Bun and Node, nothing elsewhere.
 * @module
 */
import type { EnvRecord } from "../trace/resolve-tracer.js";

/** The part of the `Deno` global this module reads, written structurally. */
interface DenoLike {
  readonly env?: { toObject(): Record<string, string> };
  readonly permissions?: { querySync?(descriptor: { name: "env" }): { state: string } };
}

interface RuntimeGlobals {
  readonly Deno?: DenoLike;
  readonly process?: { readonly env?: Record<string, string | undefined> };
}

const EMPTY: EnvRecord = /* @__PURE__ */ Object.freeze({});

/**
 * Reads the process environment once, without throwing and without making
 * Deno prompt for a permission.
 * @param globals - the global object to probe; tests pass their own.
 * @returns a copy of the environment, or an empty record when it cannot be read.
 */
export function runtimeEnv(globals: object = globalThis): EnvRecord {
  const { Deno, process } = globals as RuntimeGlobals;
  // Deno first: Deno 2 also has `process`, whose `env` asks for the same permission.
  if (Deno !== undefined) return denoEnv(Deno);
  try {
    return process?.env ? { ...process.env } : EMPTY;
  } catch {
    return EMPTY;
  }
}

function denoEnv(deno: DenoLike): EnvRecord {
  try {
    // Without `--allow-env`, `toObject()` prompts on a terminal and throws
    // otherwise; asking first keeps a server that needs no config silent.
    const state = deno.permissions?.querySync?.({ name: "env" }).state;
    if (state !== undefined && state !== "granted") return EMPTY;
    return deno.env ? deno.env.toObject() : EMPTY;
  } catch {
    return EMPTY;
  }
}
