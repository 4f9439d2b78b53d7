/**
 * The demo's child processes: started with a pipe on stdout, ready once
 * they print `listening <port>`, and stopped (SIGTERM, then SIGKILL) and
 * awaited before the demo exits, so no process is left behind.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A service running in a child process. */
export interface ChildService {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Everything the child printed so far. */
  output(): string;
  /** Stops the child; resolves once it has exited. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const KILL_AFTER_MS = 2_000;

/**
 * Spawns a server and waits for its `listening <port>` line.
 * @param name - the service name, for messages.
 * @param command - the executable and its arguments.
 * @param env - the child's whole environment.
 * @returns the running service.
 */
export async function spawnService(
  name: string,
  command: readonly string[],
  env: Record<string, string | undefined>,
): Promise<ChildService> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`did not listen within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${name} ${why}:\n${output}`));
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening (\d+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", (error) => fail(`could not start (${error.message})`));
    void exited.then(() => fail(`exited (${child.exitCode ?? child.signalCode})`));
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output: () => output,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * The ids of every process descended from this one (workerd, started by
 * Miniflare, is a grandchild we do not spawn ourselves).
 * @returns the pids, or none where they cannot be listed.
 */
export function descendantPids(root: number = process.pid): number[] {
  const parents = processTable();
  const found: number[] = [];
  const visit = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}

/** pid → parent pid, from /proc on Linux, else from `ps`. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name may hold spaces and parentheses: parse after the last ")".
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        table.set(Number(entry), ppid);
      } catch {
        // The process exited while we looked.
      }
    }
    return table;
  } catch {
    // No /proc: macOS and the BSDs.
  }
  try {
    const lines = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
    for (const line of lines.split("\n")) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined) table.set(pid, ppid);
    }
  } catch {
    // Nothing to list with: the demo still stops what it started.
  }
  return table;
}

/**
 * Whether a process is still running (a zombie counts as gone).
 * @param pid - the process id.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}
