/**
 * Time budgets: a signal that aborts at a deadline, an abortable sleep, and
 * timers that never keep a server process alive. The batch sink and the
 * OTLP exporter share this one helper.
 * @module
 */

/** A deadline as a signal, a promise and a sleep; release its timer with `end`. */
export interface Budget {
  /** Aborts at the deadline (reason: a `TimeoutError`) or with the parent signal. */
  readonly signal: AbortSignal;
  /** Resolves when `signal` aborts. */
  readonly over: Promise<void>;
  /** Resolves `true` after `ms`, or `false` as soon as the budget is over. */
  sleep(ms: number): Promise<boolean>;
  /** Clears the timer and the parent listener. */
  end(): void;
}

/**
 * @param deadline - epoch milliseconds; one already past aborts at once.
 * @param parent - aborts the budget too.
 * @returns the budget.
 * @example
 * const b = budget(Date.now() + 1000);
 * try { await fetch(url, { signal: b.signal }); } finally { b.end(); }
 */
export function budget(deadline: number, parent?: AbortSignal): Budget {
  const controller = new AbortController();
  const signal = controller.signal;
  const over = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
  const late = (): void => controller.abort(new DOMException("Deadline passed", "TimeoutError"));
  const stop = (): void => controller.abort(parent?.reason);
  const ms = deadline - Date.now();
  const timer = ms > 0 ? unrefTimer(setTimeout(late, ms)) : undefined;
  if (timer === undefined) late();
  if (parent?.aborted) stop();
  else parent?.addEventListener("abort", stop);
  return {
    signal,
    over,
    sleep: (wait) =>
      Promise.race([
        over.then(() => false),
        new Promise<boolean>((resolve) => unrefTimer(setTimeout(resolve, wait, true))),
      ]),
    end() {
      // `!`: Workers' clearTimeout takes `number | null`; undefined is a no-op anyway.
      clearTimeout(timer!);
      parent?.removeEventListener("abort", stop);
    },
  };
}

/** True when a signal was aborted by a {@link budget}'s deadline rather than by a caller. */
export function timedOut(signal: AbortSignal): boolean {
  return (signal.reason as Error | undefined)?.name === "TimeoutError";
}

/**
 * Lets the process exit while the timer is pending: `unref()` on Node and
 * Bun timers, `Deno.unrefTimer` on Deno. Workers timers need nothing.
 * @param timer - what `setTimeout` returned.
 * @returns the same timer.
 */
export function unrefTimer<T extends ReturnType<typeof setTimeout>>(timer: T): T {
  const handle = timer as { unref?: () => void };
  if (handle.unref) handle.unref();
  else (globalThis as { Deno?: { unrefTimer?: (id: T) => void } }).Deno?.unrefTimer?.(timer);
  return timer;
}
