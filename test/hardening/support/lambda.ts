/**
 * Lambda helpers for the hardening tests: an unhandled-rejection counter
 * for this Node process, diagnostics capture, and an exporter whose promise
 * the test settles.
 */
import type { DiagnosticEvent } from "../../../src/export/diagnostics.js";
import type { ExportFunction } from "../../../src/export/export-function.js";

/** Counts `unhandledRejection` in this process until `stop()`. */
export function watchUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on("unhandledRejection", listener);
  return { reasons, stop: () => process.off("unhandledRejection", listener) };
}

/** An `onError` that keeps what it is told. */
export function diagnostics(): {
  events: DiagnosticEvent[];
  onError(event: DiagnosticEvent): void;
} {
  const events: DiagnosticEvent[] = [];
  return { events, onError: (event) => events.push(event) };
}

/** An exporter that stays pending until the test settles it. */
export function heldExporter(): {
  exporter: ExportFunction;
  /** How many batches it was given. */
  readonly calls: number;
  /** Whether its current promise has settled. */
  readonly settled: boolean;
  /** The deadline (epoch ms) its latest batch was given. */
  readonly deadline: number | undefined;
  resolve(): void;
  reject(error: unknown): void;
} {
  let settle: { resolve(): void; reject(error: unknown): void } | undefined;
  let calls = 0;
  let settled = false;
  let deadline: number | undefined;
  return {
    exporter: (_spans, context) => {
      calls++;
      deadline = context.deadline;
      settled = false;
      return new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      }).finally(() => {
        settled = true;
      });
    },
    get calls() {
      return calls;
    },
    get settled() {
      return settled;
    },
    get deadline() {
      return deadline;
    },
    resolve: () => settle?.resolve(),
    reject: (error) => settle?.reject(error),
  };
}
