/**
 * CPU time of a child process, read from Linux's /proc: the sum over its
 * threads of `schedstat`'s on-CPU nanoseconds. Used to time workerd from
 * outside without counting the time it waits for a CPU on a busy machine.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";

/**
 * @param name - the start of the child's command name (`workerd`).
 * @returns the pid of a direct child of this process with that name, if /proc has one.
 */
export function findChild(name: string): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may contain spaces, so split after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith(name)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/**
 * @param pid - the process.
 * @returns a clock in milliseconds of the process's CPU time, or `undefined` without schedstat.
 */
export function processCpuClock(pid: number): (() => number) | undefined {
  const read = (): number => {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // A thread that exited between the listing and the read.
      }
    }
    return ns / 1e6;
  };
  try {
    return Number.isFinite(read()) ? read : undefined;
  } catch {
    return undefined;
  }
}
