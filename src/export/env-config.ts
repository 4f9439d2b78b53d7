/**
 * Reads the standard `OTEL_*` variables from the env record an adapter
 * passes (a Worker's `env`, `process.env`, `Deno.env.toObject()`), from a
 * table of variable → setting → parser. Only string values are read, so
 * Worker bindings are never touched; an empty value counts as unset, as
 * the specification says. A bad value is reported and ignored, never thrown.
 * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 * @module
 */

import type { EnvRecord } from "../trace/env-record.js";
import { alwaysOff, alwaysOn, parentBased, type Sampler, traceIdRatio } from "../trace/sampler.js";
import type { Report } from "./diagnostics.js";
import { parseKeyValueList } from "./key-value-list.js";
import type { Protocol } from "./otlp-protocol.js";
import { absoluteUrl, tracesUrl } from "./otlp-url.js";

export type { EnvRecord };

/** Request body compression for OTLP. */
export type Compression = "gzip" | "none";

/** What the `OTEL_*` variables say; absent where they say nothing (or nothing valid). */
export interface EnvConfig {
  /** `OTEL_SDK_DISABLED=true`. */
  readonly disabled?: boolean | undefined;
  /** The full traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  readonly url?: string | undefined;
  /** `OTEL_EXPORTER_OTLP_HEADERS`, overlaid by `OTEL_EXPORTER_OTLP_TRACES_HEADERS`. */
  readonly headers: Readonly<Record<string, string>>;
  /** `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` or `OTEL_EXPORTER_OTLP_TIMEOUT`, in ms. */
  readonly timeoutMs?: number | undefined;
  /** `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION` or `OTEL_EXPORTER_OTLP_COMPRESSION`. */
  readonly compression?: Compression | undefined;
  /** `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` or `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/json` or `http/protobuf`. */
  readonly protocol?: Protocol | undefined;
  /** `OTEL_SERVICE_NAME`. */
  readonly serviceName?: string | undefined;
  /** `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** `OTEL_TRACES_SAMPLER` with `OTEL_TRACES_SAMPLER_ARG` (default ratio 1). */
  readonly sampler?: Sampler | undefined;
  /** `OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, `OTEL_BSP_SCHEDULE_DELAY`. */
  readonly maxQueueSize?: number | undefined;
  readonly maxExportBatchSize?: number | undefined;
  readonly scheduledDelayMs?: number | undefined;
}

/**
 * Parses a trimmed, non-empty value; `undefined` reports it as invalid.
 * `config` holds what earlier variables set; `invalid` reports without
 * discarding (a header list keeps its good members).
 */
type Parse = (value: string, config: Record<string, unknown>, invalid: () => void) => unknown;

const text: Parse = (value) => value;
const protocol: Parse = (value) => (/^http\/(json|protobuf)$/.test(value) ? value : undefined);
const compression: Parse = (value) => /^(gzip|none)$/i.exec(value)?.[0].toLowerCase();
const headerList: Parse = (value, _, invalid) => {
  const list = parseKeyValueList(value);
  // Reported by name only: header values hold credentials.
  if (list.invalid.length) invalid();
  return Object.fromEntries(list.entries);
};
const atLeast =
  (min: number, max = Infinity): Parse =>
  (value) =>
    +value >= min && +value <= max && Number.isFinite(+value) ? +value : undefined;

/**
 * @param env - the variables; `undefined` reads nothing.
 * @param report - where invalid values are reported (by variable name, never echoing a value).
 * @returns what the variables configure.
 * @example
 * readEnvConfig({ OTEL_SERVICE_NAME: "shop" }, report).serviceName; // "shop"
 */
export function readEnvConfig(env: EnvRecord | undefined, report: Report): EnvConfig {
  const config: Record<string, unknown> = { headers: {}, resourceAttributes: {}, disabled: false };
  /**
   * Variable, setting, parser. Later variables win (`TRACES_` over the
   * general one), so a bad signal-specific value falls back to the general
   * one; objects (headers) are merged.
   */
  const variables: ReadonlyArray<readonly [string, string, Parse]> = [
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "url", tracesUrl],
    // The signal-specific endpoint is the full URL, used as-is.
    ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "url", absoluteUrl],
    ["OTEL_EXPORTER_OTLP_HEADERS", "headers", headerList],
    ["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "headers", headerList],
    ["OTEL_EXPORTER_OTLP_TIMEOUT", "timeoutMs", atLeast(1)],
    ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "timeoutMs", atLeast(1)],
    ["OTEL_EXPORTER_OTLP_COMPRESSION", "compression", compression],
    ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "compression", compression],
    // OTLP/HTTP only: grpc (or anything else) is reported and JSON is sent.
    ["OTEL_EXPORTER_OTLP_PROTOCOL", "protocol", protocol],
    ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "protocol", protocol],
    ["OTEL_SERVICE_NAME", "serviceName", text],
    [
      "OTEL_RESOURCE_ATTRIBUTES",
      "resourceAttributes",
      // The specification says to discard the whole variable when any member is bad.
      (value) => {
        const list = parseKeyValueList(value);
        return list.invalid.length ? undefined : Object.fromEntries(list.entries);
      },
    ],
    ["OTEL_TRACES_SAMPLER_ARG", "ratio", atLeast(0, 1)],
    [
      "OTEL_TRACES_SAMPLER",
      "sampler",
      (value, config) => samplerFromName(value, (config.ratio as number | undefined) ?? 1),
    ],
    ["OTEL_BSP_MAX_QUEUE_SIZE", "maxQueueSize", atLeast(1)],
    ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "maxExportBatchSize", atLeast(1)],
    ["OTEL_BSP_SCHEDULE_DELAY", "scheduledDelayMs", atLeast(0)],
    ["OTEL_SDK_DISABLED", "disabled", (value) => value.toLowerCase() === "true"],
  ];
  for (const [name, key, parse] of variables) {
    const raw = env?.[name];
    const value = typeof raw === "string" ? raw.trim() : "";
    const invalid = (): void => report({ type: "invalid-config", key: name, message: "ignored" });
    if (!value) continue;
    const parsed = parse(value, config, invalid);
    if (parsed === undefined) invalid();
    else overlay(config, key, parsed);
  }
  return config as unknown as EnvConfig;
}

/**
 * Sets one setting; an object (a header or attribute map) is merged over
 * the one already there, its keys winning. Variables and options alike.
 * @param settings - what is set so far.
 * @param key - the setting.
 * @param value - its new value.
 */
export function overlay(settings: Record<string, unknown>, key: string, value: unknown): void {
  const base = settings[key];
  settings[key] = typeof base === "object" ? { ...base, ...(value as object) } : value;
}

/**
 * @param name - an `OTEL_TRACES_SAMPLER` value (case-insensitive): `always_on`,
 *   `always_off`, `traceidratio` or any of them prefixed `parentbased_`.
 * @param ratio - the ratio of the ratio samplers, 0 to 1.
 * @returns the sampler, or `undefined` for an unknown name.
 * @example
 * samplerFromName("parentbased_traceidratio", 0.25);
 */
export function samplerFromName(name: string, ratio: number): Sampler | undefined {
  const key = name.toLowerCase();
  const base = key.replace("parentbased_", "");
  const root =
    base === "always_on"
      ? alwaysOn
      : base === "always_off"
        ? alwaysOff
        : base === "traceidratio"
          ? traceIdRatio(ratio)
          : undefined;
  return root && base !== key ? parentBased(root) : root;
}
