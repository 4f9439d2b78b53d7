/**
 * A server process's CPU time, from Linux's /proc: `utime + stime` of
 * /proc/<pid>/stat in clock ticks (`getconf CLK_TCK`), which counts every
 * thread the process has had, exited ones included. Over a run of a
 * second or more of CPU, the 10 ms tick is well under 1 %.
 * @module
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = Number.NaN;
    }
    if (!(ticksPerSecond > 0)) ticksPerSecond = 100; // Linux's USER_HZ everywhere it runs
  }
  return ticksPerSecond;
}

/** The fields after "pid (comm) ": comm may contain spaces, so split after the last ")". */
function statFields(pid: number): { comm: string; fields: string[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const close = stat.lastIndexOf(")");
  return {
    comm: stat.slice(stat.indexOf("(") + 1, close),
    fields: stat.slice(close + 2).split(" "),
  };
}

/**
 * @param pid - a live process.
 * @returns its user + system CPU time so far, in milliseconds.
 */
export function cpuMs(pid: number): number {
  // After "pid (comm)": state(0) ppid(1) … utime(11) stime(12).
  const { fields } = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/**
 * @param pid - a live process.
 * @returns its resident set size (VmRSS), in bytes.
 */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib) * 1024;
}

/**
 * @param name - the start of the command name (`workerd`).
 * @returns the pids of this process's direct children with that name.
 */
export function childPids(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { comm, fields } = statFields(Number(entry));
      if (Number(fields[1]) === process.pid && comm.startsWith(name)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** @returns whether /proc can be read (Linux). */
export function hasProc(): boolean {
  try {
    cpuMs(process.pid);
    return true;
  } catch {
    return false;
  }
}
