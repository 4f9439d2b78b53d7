/**
 * Wall-clock time in epoch milliseconds with sub-millisecond precision.
 * @module
 */

/** Returns the current time in epoch milliseconds. */
export type Clock = () => number;

/**
 * `performance.timeOrigin + performance.now()` where available: monotonic
 * within a process. Workers only advance either clock on I/O, which is the
 * platform's timing-attack mitigation; spans there measure I/O, not CPU.
 */
export const defaultClock: Clock =
  typeof performance !== "undefined" && typeof performance.timeOrigin === "number"
    ? () => performance.timeOrigin + performance.now()
    : () => Date.now();
