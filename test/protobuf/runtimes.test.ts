/**
 * OTLP/HTTP protobuf from the real Deno and Bun binaries (the fetch
 * adapter), to the receiver on 127.0.0.1 that decodes with the official
 * schema: TextEncoder, CompressionStream and fetch with bytes behave there
 * as in Node. The probe is bundled from src with esbuild.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.js";
import { bundleProbe, runProbe } from "../support/runtime-probe.js";

let dir: string;
let runtimes: Record<"deno" | "bun", string[]>;
let rx: OtlpReceiver;

beforeAll(async () => {
  rx = await startOtlpReceiver();
  dir = mkdtempSync(join(tmpdir(), "edge-trace-protobuf-"));
  runtimes = await bundleProbe("test/protobuf/fixtures/protobuf-probe.ts", dir);
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(["deno", "bun"] as const)("%s", (name) => {
  test("exports spans and logs as gzipped protobuf (OTEL_EXPORTER_OTLP_PROTOCOL)", async () => {
    rx.reset();
    const result = await runProbe(runtimes[name], dir, {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_SERVICE_NAME: name,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
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
