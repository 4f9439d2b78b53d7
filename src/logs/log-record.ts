/**
 * A `trace.log` line as an OTLP `LogRecord`. The line is the logger's own
 * JSON (`{time, level, msg, …fields, trace_id, span_id, trace_flags}`), so
 * the console output and the exported record say the same thing.
 * @see https://opentelemetry.io/docs/specs/otel/logs/data-model/
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/logs/v1/logs.proto
 * @module
 */

import { toUnixNano } from "../export/otlp-json.js";
import { type AnyValue, anyValue, type KeyValue, keyValues } from "../signals/otlp-values.js";

/** `LogRecord` as sent. */
export interface OtlpLogRecord {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AnyValue;
  readonly attributes: readonly KeyValue[];
  /** The W3C trace flags (sampled bit), as logs.proto's `LogRecordFlags` say. */
  readonly flags: number;
  readonly traceId?: string;
  readonly spanId?: string;
}

/**
 * The data model's `SeverityNumber`: the first of each range.
 * @see https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber
 */
const SEVERITY: Readonly<Record<string, number>> = { debug: 5, info: 9, warn: 13, error: 17 };

/** Keys of the line that become record fields rather than attributes. */
const OWN_KEYS = new Set(["time", "level", "msg", "trace_id", "span_id", "trace_flags"]);

const HEX_ID = /^[0-9a-f]+$/;

/**
 * @param line - one JSON line as `trace.log` writes it.
 * @param now - epoch ms the record was observed.
 * @returns the record, or `undefined` when the line is not the logger's JSON.
 */
export function toLogRecord(line: string, now: number): OtlpLogRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const level = typeof fields.level === "string" ? fields.level : "info";
  const time = typeof fields.time === "string" ? Date.parse(fields.time) : Number.NaN;
  // No prototype: a field named `__proto__` is an attribute like any other.
  const attributes: Record<string, unknown> = Object.create(null);
  for (const key in fields) if (!OWN_KEYS.has(key)) attributes[key] = fields[key];
  const traceId = id(fields.trace_id, 32);
  const spanId = id(fields.span_id, 16);
  const flags =
    typeof fields.trace_flags === "string" ? Number.parseInt(fields.trace_flags, 16) : 0;
  return {
    timeUnixNano: toUnixNano(Number.isFinite(time) ? time : now),
    observedTimeUnixNano: toUnixNano(now),
    severityNumber: SEVERITY[level] ?? 0,
    severityText: level.toUpperCase(),
    body: anyValue(fields.msg) ?? { stringValue: "" },
    attributes: keyValues(attributes),
    // Only the low byte: the trace flags. The rest of LogRecordFlags is reserved.
    flags: Number.isInteger(flags) ? flags & 0xff : 0,
    ...(traceId && spanId ? { traceId, spanId } : {}),
  };
}

function id(value: unknown, length: number): string | undefined {
  return typeof value === "string" && value.length === length && HEX_ID.test(value)
    ? value
    : undefined;
}
