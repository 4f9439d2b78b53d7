/**
 * Flushes spans when a long-running process is about to exit on its own.
 *
 * Only `process.on("beforeExit")` is used (Node, Bun and Deno 2 all emit
 * it): it fires when the event loop has drained, as after `server.stop()`
 * or `server.shutdown()`, and never on a signal or `process.exit()`. It
 * neither keeps the process alive nor changes its exit code; a flush it
 * starts runs to completion, then the process exits. Signal handlers are
 * left to the application (they change what a signal does), which calls
 * `await handler.flush()` itself.
 * @module
 */
import type { SpanSink } from "../trace/span-data.js";

/** How long an exit flush may take; an exporter that is down cannot hold the exit longer. */
export const EXIT_FLUSH_TIMEOUT_MS = 5_000;

interface ProcessLike {
  on?(event: "beforeExit", listener: () => void): unknown;
}

// Module state, because the process it mirrors is itself global: one
// listener per process, holding only sinks that have spans since their
// last flush, so wrappers that are created and dropped leak nothing.
const unflushed = new Set<SpanSink>();
let listening = false;

/**
 * Notes that a sink has spans to send before the process exits.
 * @param sink - the sink of a tracer that just ended a request's spans.
 * @param globals - the global object whose `process` is hooked; tests pass their own.
 */
export function flushBeforeExit(sink: SpanSink, globals: object = globalThis): void {
  unflushed.add(sink);
  if (listening) return;
  listening = true;
  try {
    (globals as { process?: ProcessLike }).process?.on?.("beforeExit", flushAll);
  } catch {
    // No hookable process (a Worker, a browser): the sink's timer and flush() remain.
  }
}

/**
 * Notes that a sink was flushed, so a later exit does not flush it again.
 * @param sink - the sink flushed on demand.
 */
export function flushedOnDemand(sink: SpanSink): void {
  unflushed.delete(sink);
}

function flushAll(): void {
  // A flush that finds nothing pending starts no work, so the next
  // `beforeExit` sees an empty set and the process exits.
  if (unflushed.size === 0) return;
  const sinks = [...unflushed];
  unflushed.clear();
  const deadline = Date.now() + EXIT_FLUSH_TIMEOUT_MS;
  for (const sink of sinks) safeFlush(sink, deadline);
}

/**
 * Flushes a sink; a sink that throws or rejects is ignored.
 * @param sink - the sink.
 * @param deadline - epoch ms by which the sink should have given up.
 * @returns a promise that always resolves.
 */
export function safeFlush(sink: SpanSink, deadline?: number): Promise<void> {
  try {
    return sink.flush(deadline).catch(() => {});
  } catch {
    return Promise.resolve();
  }
}
