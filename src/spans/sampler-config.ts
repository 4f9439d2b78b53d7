/**
 * Samplers by their `OTEL_TRACES_SAMPLER` names.
 * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration
 * @module
 */
import { alwaysOff, alwaysOn, parentBased, type Sampler, traceIdRatio } from "./sampler.js";

/** The `OTEL_TRACES_SAMPLER` values we implement. */
export type SamplerName =
  | "always_on"
  | "always_off"
  | "traceidratio"
  | "parentbased_always_on"
  | "parentbased_always_off"
  | "parentbased_traceidratio";

/** The OpenTelemetry default: follow the parent, record every root. */
export const DEFAULT_SAMPLER: Sampler = parentBased(alwaysOn);

/** A sampler, or why the name or argument could not be used. */
export type SamplerResult =
  | { readonly sampler: Sampler; readonly problem?: undefined }
  | { readonly sampler?: Sampler | undefined; readonly problem: string };

/**
 * @param name - an `OTEL_TRACES_SAMPLER` value (case-insensitive).
 * @param arg - `OTEL_TRACES_SAMPLER_ARG`: the ratio, 0 to 1, for the ratio samplers (default 1).
 * @returns the sampler; with a `problem` and no sampler for an unknown name; with a
 *   `problem` and ratio 1 for a bad ratio, as the specification says.
 * @example
 * samplerFromName("parentbased_traceidratio", "0.25").sampler;
 */
export function samplerFromName(name: string, arg?: string): SamplerResult {
  const key = name.trim().toLowerCase();
  if (key === "always_on") return { sampler: alwaysOn };
  if (key === "always_off") return { sampler: alwaysOff };
  if (key === "parentbased_always_on") return { sampler: parentBased(alwaysOn) };
  if (key === "parentbased_always_off") return { sampler: parentBased(alwaysOff) };
  if (key !== "traceidratio" && key !== "parentbased_traceidratio") {
    return { problem: `unsupported sampler "${name}"` };
  }
  const parsed = parseRatio(arg);
  const ratio = parsed ?? 1;
  const root = traceIdRatio(ratio);
  const sampler = key === "traceidratio" ? root : parentBased(root);
  if (parsed === undefined && arg !== undefined && arg.trim() !== "") {
    return { sampler, problem: `sampler argument "${arg}" is not a ratio from 0 to 1; using 1` };
  }
  return { sampler };
}

function parseRatio(arg: string | undefined): number | undefined {
  if (arg === undefined || arg.trim() === "") return undefined;
  const value = Number(arg);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
