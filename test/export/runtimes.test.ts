/**
 * The export pipeline in the real Deno and Bun binaries: fetch, gzip via
 * CompressionStream, AbortSignal deadlines and unref'd timers behave there
 * as they do in Node. The probe is bundled from src with esbuild.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;
let probe: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-trace-export-"));
  probe = join(dir, "probe.mjs");
  await build({
    entryPoints: [join(root, "test/export/fixtures/export-probe.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: probe,
    logLevel: "silent",
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    const child = spawn(file, args, {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        NO_COLOR: "1",
        DENO_NO_UPDATE_CHECK: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const runtimes: Record<string, () => string[]> = {
  deno: () => [
    join(root, "node_modules/.bin/deno"),
    "run",
    "--allow-net=127.0.0.1",
    "--allow-env",
    probe,
  ],
  bun: () => [join(root, "node_modules/.bin/bun"), "run", probe],
};

describe.each(Object.keys(runtimes))("export pipeline in %s", (name) => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());

  test("gzip export via OTEL_*, deadline-bound flush, unref'd timer", async () => {
    rx.failNext(200);
    rx.failNext("hang");
    const result = await run(runtimes[name]!(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_SERVICE_NAME: name,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0); // exited by itself: the 60 s timer did not hold it
    const { hangFlushMs } = JSON.parse(result.stdout) as { hangFlushMs: number };
    expect(hangFlushMs).toBeLessThan(5000);

    expect(rx.problems()).toEqual([]);
    const [first, second] = rx.requests;
    expect(first?.gzip).toBe(true);
    expect(second?.state).not.toBe("answered");
    expect(rx.spans().map((s) => [s.name, s.resource["service.name"]])).toEqual([
      ["child", name],
      ["probe", name],
    ]);
  });
});
