/**
 * Finding and checking the spans the OTLP receiver accepted.
 */
import { expect } from "vitest";
import type { OtlpReceiver, ReceivedSpan } from "../../support/otlp-receiver.js";
import { eventually } from "./responses.js";

/** OTLP's `SPAN_KIND_SERVER`. */
export const SERVER = 2;
/** OTLP's `SPAN_KIND_CLIENT`. */
export const CLIENT = 3;
/** OTLP's `STATUS_CODE_ERROR`. */
export const STATUS_ERROR = 2;

/** A fresh, random trace id and parent span id, and the traceparent carrying them. */
export function inboundContext(): { traceId: string; spanId: string; traceparent: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const hex = Buffer.from(bytes).toString("hex");
  const traceId = hex.slice(0, 32);
  const spanId = hex.slice(32, 48);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** Waits for the server span of a trace. */
export function serverSpanOf(rx: OtlpReceiver, traceId: string): Promise<ReceivedSpan> {
  return eventually(
    () => rx.spans().find((s) => s.traceId === traceId && s.kind === SERVER),
    `the server span of ${traceId}`,
  );
}

/** The span records this error: error status with its message, and an exception event. */
export function expectRecordedError(
  span: ReceivedSpan,
  error: { readonly type: string; readonly message: string },
): void {
  expect(span.status).toEqual({ code: STATUS_ERROR, message: error.message });
  expect(span.attributes["error.type"]).toBe(error.type);
  const exception = span.events.find((e) => e.name === "exception");
  expect(exception?.attributes).toMatchObject({
    "exception.type": error.type,
    "exception.message": error.message,
  });
}

/** The span records no error at all. */
export function expectNoError(span: ReceivedSpan): void {
  expect(span.status.code ?? 0).not.toBe(STATUS_ERROR);
  expect(span.attributes["error.type"]).toBeUndefined();
  expect(span.events.filter((e) => e.name === "exception")).toEqual([]);
}
