/**
 * Diagnostics: what the export pipeline reports instead of throwing or
 * logging. Nothing is written anywhere unless the user passes `onError`.
 * @module
 */

import type { CallbackFailed } from "../trace/guard.js";

/** Something the export pipeline (or the tracer) wants the user to know about. */
export type DiagnosticEvent =
  /** A callback given in the options threw; the request went on with a safe default. */
  | CallbackFailed
  /** Spans were dropped because the buffer was full (counted since the last report). */
  | { readonly type: "spans-dropped"; readonly count: number; readonly reason: "queue-full" }
  /** A batch could not be exported (after any retries); its spans are lost. */
  | { readonly type: "export-failed"; readonly spanCount: number; readonly error: unknown }
  /** The collector accepted the request but rejected some spans (OTLP partial success). */
  | {
      readonly type: "export-partial";
      readonly rejectedSpans: number;
      readonly message: string;
    }
  /** Log records or metric points were dropped (a full log buffer, or a failed export). */
  | {
      readonly type: "signal-dropped";
      readonly signal: "logs" | "metrics";
      readonly count: number;
      readonly reason: "queue-full" | "export-failed";
      readonly error?: unknown;
    }
  /**
   * User code gave a span values it cannot keep (a `null` or `bigint`
   * attribute, an object, a mixed array, on the span, an event or a link):
   * they were dropped and counted in the span's `droppedAttributesCount`.
   * Reported once per span, when it ends.
   */
  | {
      readonly type: "attributes-dropped";
      readonly count: number;
      readonly reason: "invalid-value";
      readonly spanName: string;
    }
  /** The collector accepted a logs or metrics request but rejected some of it (OTLP partial success). */
  | {
      readonly type: "signal-partial";
      readonly signal: "logs" | "metrics";
      /** Log records or data points rejected. */
      readonly rejected: number;
      readonly message: string;
    }
  /** A configuration value (an option or an `OTEL_*` variable) was invalid and ignored. */
  | { readonly type: "invalid-config"; readonly key: string; readonly message: string };

/**
 * Receives diagnostics. Called synchronously from the export pipeline; it
 * must not block. Whatever it throws is swallowed.
 */
export type OnError = (event: DiagnosticEvent) => void;

/** An {@link OnError} that never throws. */
export type Report = (event: DiagnosticEvent) => void;

/**
 * @param onError - the user's hook, if any.
 * @returns a reporter that calls it and swallows what it throws (a broken
 *   hook must not break the export path).
 * @example
 * const report = createReporter((e) => console.warn("edge-trace", e));
 * report({ type: "spans-dropped", count: 3, reason: "queue-full" });
 */
export function createReporter(onError: OnError | undefined): Report {
  return (event) => {
    try {
      onError?.(event);
    } catch {}
  };
}
