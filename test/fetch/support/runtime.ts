/**
 * Starts a fixture server in a real runtime (the `deno` and `bun` binaries
 * from node_modules) and stops it. A fixture prints `listening <port>` once
 * it accepts connections.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transform } from "esbuild";
import { root } from "../../support/ensure-build.js";

/** A fixture server running in a child process. */
export interface RuntimeServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** All the child wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the child; resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The command lines that run a TypeScript fixture. */
export const runtimes = {
  deno: (fixture: string): string[] => [
    join(root, "node_modules/.bin/deno"),
    "run",
    "--no-lock",
    "--no-prompt",
    // Fixtures import each other with the `.js` specifiers tsc wants; the
    // library itself is loaded from dist/.
    "--sloppy-imports",
    "--allow-net=127.0.0.1",
    "--allow-env",
    `--allow-read=${root}`,
    fixture,
  ],
  bun: (fixture: string): string[] => [join(root, "node_modules/.bin/bun"), "run", fixture],
  node: (fixture: string): string[] => [process.execPath, fixture],
} as const;

/**
 * Runs a command and waits for its `listening <port>` line.
 * @param command - the executable and its arguments.
 * @param env - extra environment variables (collector and echo URLs).
 */
export async function startRuntime(
  command: readonly string[],
  env: Record<string, string>,
): Promise<RuntimeServer> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  const port = await new Promise<number>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no port within 30s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening (\d+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        ready(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * Runs a command to completion.
 * @returns its exit code and everything it printed.
 */
export async function runToExit(
  command: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  return { code, output };
}

/**
 * Node 20 cannot run TypeScript: strips a fixture's types with esbuild into
 * a temporary file (so its relative imports no longer resolve: such
 * fixtures take the dist URL from the environment).
 * @param fixture - path relative to the repository root.
 * @returns the path of the JavaScript copy.
 */
export async function nodeCopy(fixture: string): Promise<string> {
  const { code } = await transform(readFileSync(join(root, fixture), "utf8"), {
    loader: "ts",
    format: "esm",
  });
  const file = join(mkdtempSync(join(tmpdir(), "edge-trace-")), "fixture.mjs");
  writeFileSync(file, code);
  return file;
}
