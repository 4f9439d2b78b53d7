/**
 * Reads the standard `OTEL_*` variables from the env record an adapter
 * passes (a Worker's `env`, `process.env`, `Deno.env.toObject()`). Only
 * string values are read, so Worker bindings are never touched. A bad value
 * is reported and ignored, never thrown.
 * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 * @module
 */
import type { Report } from "./diagnostics.js";
import type { EnvRecord } from "./env-record.js";
import { parseKeyValueList } from "./key-value-list.js";
import type { Sampler } from "./sampler.js";
import { samplerFromName } from "./sampler-config.js";

export type { EnvRecord };

/** Request body compression for OTLP. */
export type Compression = "gzip" | "none";

/** What the `OTEL_*` variables say; `undefined` where they say nothing (or nothing valid). */
export interface EnvConfig {
  /** `OTEL_SDK_DISABLED=true`. */
  readonly disabled: boolean;
  /** The full traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  readonly endpoint: string | undefined;
  /** `OTEL_EXPORTER_OTLP_HEADERS`, overlaid by `OTEL_EXPORTER_OTLP_TRACES_HEADERS`. */
  readonly headers: Readonly<Record<string, string>>;
  /** `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` or `OTEL_EXPORTER_OTLP_TIMEOUT`, in ms. */
  readonly timeoutMs: number | undefined;
  /** `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION` or `OTEL_EXPORTER_OTLP_COMPRESSION`. */
  readonly compression: Compression | undefined;
  /** `OTEL_SERVICE_NAME`. */
  readonly serviceName: string | undefined;
  /** `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** `OTEL_TRACES_SAMPLER` with `OTEL_TRACES_SAMPLER_ARG`. */
  readonly sampler: Sampler | undefined;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, `OTEL_BSP_SCHEDULE_DELAY`. */
  readonly maxQueueSize: number | undefined;
  readonly maxExportBatchSize: number | undefined;
  readonly scheduledDelayMs: number | undefined;
}

/**
 * @param env - the variables; `undefined` reads nothing.
 * @param report - where invalid values are reported.
 * @returns what the variables configure.
 * @example
 * readEnvConfig({ OTEL_SERVICE_NAME: "shop" }, report).serviceName; // "shop"
 */
export function readEnvConfig(env: EnvRecord | undefined, report: Report): EnvConfig {
  const get = (key: string): string | undefined => {
    const value = env?.[key];
    // The specification treats an empty value as unset.
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const invalid = (key: string, message: string): undefined => {
    report({ type: "invalid-config", key, message });
    return undefined;
  };
  const number = (key: string, min: number): number | undefined => {
    const raw = get(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min) return value;
    return invalid(key, `"${raw}" is not a number ≥ ${min}`);
  };
  const list = (key: string): Record<string, string> => {
    const raw = get(key);
    if (raw === undefined) return {};
    const { entries, invalid: bad } = parseKeyValueList(raw);
    // Never echo values: header lists hold credentials.
    if (bad.length > 0) invalid(key, `${bad.length} malformed member(s) ignored`);
    return Object.fromEntries(entries);
  };

  const protocol = get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? get("OTEL_EXPORTER_OTLP_PROTOCOL");
  if (protocol !== undefined && protocol !== "http/json") {
    invalid("OTEL_EXPORTER_OTLP_PROTOCOL", `"${protocol}" is not supported; sending http/json`);
  }
  const samplerName = get("OTEL_TRACES_SAMPLER");
  const sampled =
    samplerName === undefined
      ? undefined
      : samplerFromName(samplerName, get("OTEL_TRACES_SAMPLER_ARG"));
  if (sampled?.problem) invalid("OTEL_TRACES_SAMPLER", sampled.problem);

  return {
    disabled: get("OTEL_SDK_DISABLED")?.toLowerCase() === "true",
    endpoint: endpoint(get, invalid),
    headers: {
      ...list("OTEL_EXPORTER_OTLP_HEADERS"),
      ...list("OTEL_EXPORTER_OTLP_TRACES_HEADERS"),
    },
    timeoutMs:
      number("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", 1) ?? number("OTEL_EXPORTER_OTLP_TIMEOUT", 1),
    compression: compression(get, invalid),
    serviceName: get("OTEL_SERVICE_NAME"),
    resourceAttributes: resourceAttributes(get("OTEL_RESOURCE_ATTRIBUTES"), invalid),
    sampler: sampled ? sampled.sampler : undefined,
    maxQueueSize: number("OTEL_BSP_MAX_QUEUE_SIZE", 1),
    maxExportBatchSize: number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1),
    scheduledDelayMs: number("OTEL_BSP_SCHEDULE_DELAY", 0),
  };
}

/**
 * The traces URL for a base endpoint: `/v1/traces` appended to its path.
 * @param base - such as `https://collector:4318` or `https://example.com/otlp/`.
 * @returns the URL, or `undefined` when `base` is not an absolute URL.
 * @example
 * tracesUrl("http://localhost:4318/"); // "http://localhost:4318/v1/traces"
 */
export function tracesUrl(base: string): string | undefined {
  if (!URL.canParse(base)) return undefined;
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  return url.href;
}

type Invalid = (key: string, message: string) => undefined;

function endpoint(get: (key: string) => string | undefined, invalid: Invalid): string | undefined {
  const traces = get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  if (traces !== undefined) {
    if (URL.canParse(traces)) return new URL(traces).href;
    invalid("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not an absolute URL");
  }
  const base = get("OTEL_EXPORTER_OTLP_ENDPOINT");
  if (base === undefined) return undefined;
  return tracesUrl(base) ?? invalid("OTEL_EXPORTER_OTLP_ENDPOINT", "not an absolute URL");
}

function compression(
  get: (key: string) => string | undefined,
  invalid: Invalid,
): Compression | undefined {
  for (const key of ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"]) {
    const raw = get(key)?.toLowerCase();
    if (raw === "gzip" || raw === "none") return raw;
    if (raw !== undefined) invalid(key, `unsupported compression "${raw}"`);
  }
  return undefined;
}

/** The specification says to discard the whole variable when any member is bad. */
function resourceAttributes(raw: string | undefined, invalid: Invalid): Record<string, string> {
  if (raw === undefined) return {};
  const { entries, invalid: bad } = parseKeyValueList(raw);
  if (bad.length === 0) return Object.fromEntries(entries);
  invalid("OTEL_RESOURCE_ATTRIBUTES", `malformed member(s) ${bad.join(", ")}; variable ignored`);
  return {};
}
