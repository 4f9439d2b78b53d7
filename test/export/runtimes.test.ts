/**
 * The export pipeline in the real Deno and Bun binaries: fetch, gzip via
 * CompressionStream, AbortSignal deadlines and unref'd timers behave there
 * as they do in Node. The probe is bundled from src with esbuild.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { bundleProbe, runProbe } from "../support/runtime-probe.js";

let dir: string;
let runtimes: Record<"deno" | "bun", string[]>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-trace-export-"));
  runtimes = await bundleProbe("test/export/fixtures/export-probe.ts", dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(["deno", "bun"] as const)("export pipeline in %s", (name) => {
  let rx: OtlpReceiver;
  beforeAll(async () => {
    rx = await startOtlpReceiver();
  });
  afterAll(() => rx.close());

  test("gzip export via OTEL_*, deadline-bound flush, unref'd timer", async () => {
    rx.failNext(200);
    rx.failNext("hang");
    const result = await runProbe(runtimes[name], dir, {
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
