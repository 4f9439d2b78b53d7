/**
 * Log correlation: OpenTelemetry's `trace_id`, `span_id`, `trace_flags`
 * fields, and a tiny JSON-lines logger that adds them.
 * @see https://opentelemetry.io/docs/specs/otel/compatibility/logging_trace_context/
 * @module
 */
import { byteToHex } from "../core/hex.js";
import type { SpanContext } from "../core/w3c/traceparent.js";

/** The fields that tie a log line to its span. */
export interface LogFields {
  readonly trace_id: string;
  readonly span_id: string;
  /** Two lowercase hex digits, as in `traceparent`. */
  readonly trace_flags: string;
}

/** Receives one finished JSON line. */
export type LogWriter = (line: string) => void;

/** A structured logger bound to one span. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = keyof Logger;
const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

/** Writes to `console.log`, which every runtime ships to its log pipeline. */
export const writeToConsole: LogWriter = (line) => console.log(line);

/**
 * @param ctx - the span to correlate with.
 * @returns `{ trace_id, span_id, trace_flags }`.
 * @example
 * logger.info({ ...logFields(trace), msg: "hello" });
 */
export function logFields(ctx: SpanContext): LogFields {
  return { trace_id: ctx.traceId, span_id: ctx.spanId, trace_flags: byteToHex(ctx.traceFlags) };
}

/**
 * @param ctx - the span every line is tied to.
 * @param write - where lines go.
 * @returns a logger writing `{"time","level","msg",…fields,"trace_id","span_id","trace_flags"}`.
 */
export function createLogger(ctx: SpanContext, write: LogWriter): Logger {
  const emit = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    try {
      const time = new Date().toISOString();
      write(JSON.stringify({ time, level, msg, ...fields, ...logFields(ctx) }));
    } catch {
      // Unserialisable fields or a failing writer never break the handler.
    }
  };
  const logger: Partial<Record<Level, Logger[Level]>> = {};
  for (const level of LEVELS) logger[level] = (msg, fields) => emit(level, msg, fields);
  return logger as Logger;
}
