/**
 * The same scenario against both API versions the bridge supports, each
 * bundled as the application's `@opentelemetry/api` and run in its own
 * Node process: 1.9 (`@opentelemetry/api`) and 1.10 (`otel-api-1-10`); and
 * with 1.9 in real Deno and Bun, whose `node:async_hooks` carries the context.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { FinishedSpan } from "../../src/trace/span-data.js";

const fixture = fileURLToPath(new URL("./fixtures/node-api.ts", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

/** How each runtime runs the bundled scenario (Deno may read only it and the environment). */
const COMMANDS = {
  node: (file: string) => [process.execPath, file],
  deno: (file: string) => [
    join(root, "node_modules/.bin/deno"),
    "run",
    "--no-lock",
    "--allow-env",
    `--allow-read=${file}`,
    file,
  ],
  bun: (file: string) => [join(root, "node_modules/.bin/bun"), "run", file],
} as const;

async function run(
  api: string,
  runtime: keyof typeof COMMANDS,
): Promise<{ server: string; active: string; spans: FinishedSpan[] }> {
  const result = await build({
    entryPoints: [fixture],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    alias: { "@opentelemetry/api": api },
    logLevel: "silent",
  });
  const dir = await mkdtemp(join(tmpdir(), "edge-trace-otel-"));
  try {
    const file = join(dir, "run.mjs");
    await writeFile(file, result.outputFiles[0]!.text);
    const [command, ...args] = COMMANDS[runtime](file) as [string, ...string[]];
    const { stdout } = await promisify(execFile)(command, args, {
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("@opentelemetry/api versions and runtimes", () => {
  for (const [version, api, runtime] of [
    ["1.9", "@opentelemetry/api", "node"],
    ["1.10", "otel-api-1-10", "node"],
    ["1.9", "@opentelemetry/api", "deno"],
    ["1.9", "@opentelemetry/api", "bun"],
  ] as const) {
    it(`${version} in ${runtime}: nested across awaits, explicit context, links, exceptions, a non-recording root`, async () => {
      const { server, active, spans } = await run(api, runtime);
      expect(active).toBe(server);
      const named = (name: string) => spans.find((span) => span.name === name)!;
      expect(spans.map((span) => span.name).sort()).toEqual(["GET", "explicit", "inner", "outer"]);
      expect(named("outer").parentSpanId).toBe(server);
      expect(named("inner").parentSpanId).toBe(named("outer").spanId);
      expect(named("explicit").parentSpanId).toBe(server);
      expect(named("inner").links[0]?.context.spanId).toBe(named("outer").spanId);
      expect(named("inner").status).toEqual({ code: "error", message: "bad input" });
      expect(named("inner").events[0]?.attributes["exception.type"]).toBe("TypeError");
      expect(named("outer").scope).toMatchObject({ name: "node-api", version: "9.9.9" });
      for (const span of spans) expect(span.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    });
  }
});
