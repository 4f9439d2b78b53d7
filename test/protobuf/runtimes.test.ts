/**
 * OTLP/HTTP protobuf from the real Deno and Bun binaries (the fetch
 * adapter), to the receiver on 127.0.0.1 that decodes with the official
 * schema: TextEncoder, CompressionStream and fetch with bytes behave there
 * as in Node. The probe is bundled from src with esbuild.
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
let rx: OtlpReceiver;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  dir = mkdtempSync(join(tmpdir(), "edge-trace-protobuf-"));
  probe = join(dir, "probe.mjs");
  await build({
    entryPoints: [join(root, "test/protobuf/fixtures/protobuf-probe.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: probe,
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

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

/** Runs asynchronously: the receiver answers from this process's event loop. */
function run(command: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
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
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe.each(Object.keys(runtimes))("%s", (name) => {
  test("exports spans and logs as gzipped protobuf (OTEL_EXPORTER_OTLP_PROTOCOL)", async () => {
    rx.reset();
    const result = await run(runtimes[name]!(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_SERVICE_NAME: name,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ errors: [] });
    expect(rx.problems()).toEqual([]);
    expect(rx.requests.map((r) => [r.path, r.protobuf, r.gzip]).sort()).toEqual([
      ["/v1/logs", true, true],
      ["/v1/traces", true, true],
    ]);
    expect(rx.spans().map((s) => [s.attributes["url.path"], s.resource["service.name"]])).toEqual([
      ["/protobuf", name],
    ]);
    expect(rx.logs()).toMatchObject([{ body: "from the runtime", attributes: { runtime: name } }]);
  }, 60_000);
});
