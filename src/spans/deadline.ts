/**
 * Time budgets: an `AbortSignal` that fires at a deadline, an abortable
 * sleep, and timers that never keep a server process alive.
 * @module
 */

/** A signal that aborts at a deadline (or with its parent), and how to release its timer. */
export interface DeadlineSignal {
  readonly signal: AbortSignal;
  /** Clears the timer and the parent listener; call it when the work is done. */
  dispose(): void;
}

/** The reason a deadline signal aborts with. */
export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
  constructor() {
    super("The export deadline passed");
  }
}

/**
 * @param deadline - epoch milliseconds.
 * @param parent - aborts the new signal too.
 * @param now - the clock.
 * @returns a signal aborted at `deadline`, with {@link DeadlineError}.
 * @example
 * const budget = deadlineSignal(Date.now() + 1000);
 * try { await fetch(url, { signal: budget.signal }); } finally { budget.dispose(); }
 */
export function deadlineSignal(
  deadline: number,
  parent?: AbortSignal,
  now: () => number = Date.now,
): DeadlineSignal {
  const controller = new AbortController();
  const abortWithParent = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) abortWithParent();
  else parent?.addEventListener("abort", abortWithParent, { once: true });
  const ms = deadline - now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (ms <= 0) controller.abort(new DeadlineError());
  else if (!controller.signal.aborted) {
    timer = unrefTimer(setTimeout(() => controller.abort(new DeadlineError()), ms));
  }
  return {
    signal: controller.signal,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener("abort", abortWithParent);
    },
  };
}

/**
 * Waits `ms`, or less if `signal` aborts first. Never rejects.
 * @returns true when the full time passed, false when aborted.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (completed: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(completed);
    };
    const onAbort = (): void => done(false);
    const timer = unrefTimer(setTimeout(() => done(true), Math.max(0, ms)));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles when `promise` does or `signal` aborts, whichever is first.
 * Never rejects: the caller only needs to know that waiting is over.
 */
export function untilSettledOrAborted(
  promise: Promise<unknown>,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    promise.then(done, done);
  });
}

/**
 * Lets the process exit while the timer is pending: `unref()` on Node and
 * Bun timers, `Deno.unrefTimer` on Deno. Workers timers need nothing.
 */
export function unrefTimer<T extends ReturnType<typeof setTimeout>>(timer: T): T {
  const handle = timer as unknown as { unref?: () => void };
  if (typeof handle.unref === "function") handle.unref();
  else if (typeof timer === "number") {
    const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
    deno?.unrefTimer?.(timer);
  }
  return timer;
}
