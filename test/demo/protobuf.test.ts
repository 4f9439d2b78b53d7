/**
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf npm start`: every service
 * (Workers in workerd, Hono on Bun, Deno, the Lambda handler) exports
 * protobuf, the demo's receiver decodes it with the official schema, and
 * the same one-trace waterfall, logs and caller-route table come out.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DemoResult } from "../../demo/main.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SERVICES = ["frontend-worker", "backend-worker", "hono-bun", "deno-api", "lambda-fn"];

let dir: string;
let code: number | null;
let result: DemoResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-trace-demo-protobuf-"));
  const child = spawn(
    process.execPath,
    ["demo/start.mjs", "--json", join(dir, "result.json"), "--out", dir],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const json = join(dir, "result.json");
  if (!existsSync(json)) throw new Error(`the demo wrote no result (exit ${code}):\n${output}`);
  result = JSON.parse(readFileSync(json, "utf8")) as DemoResult;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("every service exports protobuf, and the trace, logs and routes are the JSON run's", () => {
  expect(code).toBe(0);
  expect(result.complete).toBe(true);
  expect(result.contentTypes).toEqual(["application/x-protobuf"]);
  expect(new Set(result.spans.map((s) => s.traceId))).toEqual(new Set([result.traceId]));
  expect(new Set(result.spans.map((s) => s.service))).toEqual(new Set(SERVICES));
  const byId = new Map(result.spans.map((s) => [s.spanId, s]));
  for (const server of result.spans.filter((s) => s.kind === "server")) {
    if (server.service === "frontend-worker") continue;
    expect(byId.get(server.parentSpanId ?? ""), server.name).toMatchObject({ kind: "client" });
  }
  expect(result.logs.length).toBeGreaterThan(0);
  expect(new Set(result.routes.map((r) => r.service))).toEqual(new Set(SERVICES));
});
