/**
 * What a runtime that lets work run after the response (Workers'
 * `waitUntil`) hands the recorder, and what the recorder hands back.
 * @module
 */

/** What the runtime hands the handler: a Worker's `ctx`, a Durable Object's state. */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The tracked `waitUntil`, and the flush that waits for its work. */
export interface WaitUntilFlush {
  /** Hands the promise to the runtime at once, as it is (its errors are the user's to see), and tracks it. */
  readonly waitUntil: (promise: Promise<unknown>) => void;
  /**
   * Flushes in the runtime's `waitUntil` after the tracked work settled.
   * Never throws; never rejects.
   * @param idle - runs once that work settled, before the export collects
   *   (what it returns is awaited): `bindingSpans()` ends the invocation's
   *   unread bodies there. It must not throw.
   */
  readonly flush: (idle?: () => unknown) => void;
}
