/**
 * Recording a failure on a span, one way everywhere (a handler that threw,
 * a stream that broke, an RPC that rejected): OpenTelemetry's `exception`
 * event, `error.type` and an error status.
 * @see https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/
 * @module
 */
import type { AttributeValue, SpanStatus } from "./span-data.js";
import { errorType } from "./values.js";

/** What recording a failure needs of a trace (a `Trace` has it). */
export interface Failable {
  recordException(error: unknown): unknown;
  setAttribute(key: string, value: AttributeValue | undefined): unknown;
  setStatus(code: SpanStatus["code"], message?: string): unknown;
}

/**
 * @param trace - the span's trace; records nothing when it does not record.
 * @param error - what was thrown, re-thrown by the caller unchanged.
 * @example
 * catch (error) { recordFailure(trace, error); throw error; }
 */
export function recordFailure(trace: Failable, error: unknown): void {
  trace.recordException(error);
  trace.setAttribute("error.type", errorType(error));
  trace.setStatus("error", error instanceof Error ? error.message : undefined);
}
