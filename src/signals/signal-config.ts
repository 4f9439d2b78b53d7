/**
 * Where a signal is sent and with which headers, from `otlp()`'s options
 * and the standard variables. Each option wins over its variable, as for
 * spans; a signal's own variable wins over the shared one.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp
 * @module
 */
import { createReporter, type Report } from "../export/diagnostics.js";
import { readEnvConfig } from "../export/env-config.js";
import { parseKeyValueList } from "../export/key-value-list.js";
import type { OtlpEncoding, Sign } from "../export/otlp-encoding.js";
import { PROTOBUF_NEEDS_IMPORT } from "../export/otlp-protocol.js";
import { createResource } from "../export/resource.js";
import type { SignalContext } from "../export/signal.js";
import type { EnvRecord } from "../trace/env-record.js";
import type { Attributes } from "../trace/span-data.js";

/** `logs` or `metrics`: the path segment and the variables' infix. */
export type SignalName = "logs" | "metrics";

/** A signal's resolved export settings. */
export interface SignalConfig {
  readonly signal: SignalName;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly gzip: boolean;
  readonly fetch: typeof fetch;
  /** The same resource as the spans: `service.name`, SDK, `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resource: Attributes;
  readonly report: Report;
  /** Protobuf when `protocol` or `…_PROTOCOL` asks for it; JSON when absent. */
  readonly encoding?: OtlpEncoding | undefined;
  readonly sign?: Sign | undefined;
  /** Reads a variable (trimmed; empty is unset). */
  readonly variable: (name: string) => string | undefined;
}

const DEFAULT_BASE = "http://localhost:4318";

/**
 * @param name - which signal.
 * @param context - the adapter's env and hints, and `otlp()`'s options.
 * @param endpoint - the signal's own full URL option, if given.
 * @returns the settings the signal exports with; `undefined` when it asks
 *   for protobuf and `otlp` has no codec (reported: the signal is off).
 */
export function signalConfig(
  name: SignalName,
  context: SignalContext,
  endpoint: string | undefined,
): SignalConfig | undefined {
  const { env, options } = context;
  const report = createReporter(options.onError);
  const variable = (key: string): string | undefined => read(env, key);
  const upper = name.toUpperCase();
  const base = options.endpoint?.replace(/\/v1\/traces\/?$/, "").replace(/\/$/, "");
  const url =
    endpoint ??
    (base !== undefined ? `${base}/v1/${name}` : undefined) ??
    variable(`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`) ??
    `${(variable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? DEFAULT_BASE).replace(/\/$/, "")}/v1/${name}`;
  const timeout = Number(variable(`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`) ?? Number.NaN);
  const compression =
    options.compression ??
    variable(`OTEL_EXPORTER_OTLP_${upper}_COMPRESSION`) ??
    variable("OTEL_EXPORTER_OTLP_COMPRESSION");
  // Read quietly: `otlp()` already reported what is wrong with the shared variables.
  const shared = readEnvConfig(env, () => {});
  const send = options.fetch;
  // The option, else the signal's variable, else the shared one (as the timeout).
  const protobuf =
    (options.protocol ?? variable(`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`) ?? shared.protocol) ===
    "http/protobuf";
  if (protobuf && !context.protobuf) {
    // `otlp` from edge-trace/otlp: this signal is not sent rather than sent as JSON.
    report({ type: "invalid-config", key: "protocol", message: PROTOBUF_NEEDS_IMPORT });
    return undefined;
  }
  return {
    signal: name,
    url,
    encoding: protobuf ? context.protobuf : undefined,
    sign: options.sign,
    headers: {
      ...list(variable("OTEL_EXPORTER_OTLP_HEADERS")),
      ...list(variable(`OTEL_EXPORTER_OTLP_${upper}_HEADERS`)),
      ...options.headers,
    },
    timeoutMs: options.timeoutMs ?? (timeout > 0 ? timeout : (shared.timeoutMs ?? 10_000)),
    gzip: compression === "gzip" && typeof CompressionStream === "function",
    fetch: send ?? ((input, init) => fetch(input, init)),
    resource: createResource(options, shared, context.hints.serviceName),
    report,
    variable,
  };
}

/**
 * @param value - a variable's text.
 * @param fallback - when unset or not a number ≥ 1.
 * @returns the whole number it holds.
 */
export function positiveInt(value: string | number | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}

function read(env: EnvRecord | undefined, key: string): string | undefined {
  const value = env?.[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function list(value: string | undefined): Record<string, string> {
  return value === undefined ? {} : Object.fromEntries(parseKeyValueList(value).entries);
}
