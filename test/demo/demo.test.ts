/**
 * `npm start` end to end: runs `node demo/start.mjs` as a newcomer would
 * (with `--json` and `--out` so the test can read what it did), then
 * checks the trace it printed is one trace across every service, that
 * baggage reached each of them, that the HTML file was written and that
 * no process the demo started outlived it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRunning } from "../../demo/children.js";
import type { DemoResult } from "../../demo/main.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SERVICES = ["frontend-worker", "backend-worker", "hono-bun", "deno-api", "lambda-fn"];

let dir: string;
let run: { code: number | null; stdout: string; stderr: string };
let result: DemoResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-trace-demo-"));
  const child = spawn(
    process.execPath,
    ["demo/start.mjs", "--json", join(dir, "result.json"), "--out", dir],
    { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  run = { code, stdout, stderr };
  const json = join(dir, "result.json");
  if (!existsSync(json))
    throw new Error(`the demo wrote no result (exit ${code}):\n${stdout}\n${stderr}`);
  result = JSON.parse(readFileSync(json, "utf8")) as DemoResult;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("exits with 0 after printing the trace as a waterfall, without colour under NO_COLOR", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(result.complete).toBe(true);
    expect(run.stdout).toContain(`trace ${result.traceId}`);
    expect(run.stdout).toMatch(/service\s+span\s+status\s+ms/);
    expect(run.stdout).not.toContain("\x1b[");
    // The budget, with room for a loaded machine.
    expect(result.elapsedMs).toBeLessThan(30_000);
  });

  it("exports OTLP/JSON by default (no OTEL_EXPORTER_OTLP_PROTOCOL)", () => {
    expect(result.contentTypes).toEqual(["application/json"]);
  });

  it("records one trace, continuing the sent traceparent, across every service", () => {
    expect(result.traceparent.split("-")[1]).toBe(result.traceId);
    expect(new Set(result.spans.map((s) => s.traceId))).toEqual(new Set([result.traceId]));
    expect(new Set(result.spans.map((s) => s.service))).toEqual(new Set(SERVICES));
  });

  it("parents each server span on its caller's client span", () => {
    const byId = new Map(result.spans.map((s) => [s.spanId, s]));
    const servers = result.spans.filter((s) => s.kind === "server");
    // One per service, and a second backend span for the JS-RPC call.
    expect(servers.length).toBeGreaterThanOrEqual(SERVICES.length);
    for (const server of servers) {
      if (server.parentSpanId === result.traceparent.split("-")[2]) {
        expect(server.service).toBe("frontend-worker");
        continue;
      }
      const parent = byId.get(server.parentSpanId ?? "");
      expect(parent, `${server.service} ${server.name}`).toMatchObject({ kind: "client" });
      expect(parent?.service).not.toBe(server.service);
    }
    expect(servers.filter((s) => s.service === "frontend-worker")).toHaveLength(1);
  });

  it("delivers the baggage sent in to every service", () => {
    const sent = result.baggage.split(",");
    for (const service of SERVICES) {
      const received = result.spans.find((s) => s.service === service && s.kind === "server");
      const members = received?.baggage?.split(",") ?? [];
      expect(members, service).toEqual(expect.arrayContaining(sent));
    }
  });

  it("writes the trace as one self-contained HTML file", () => {
    expect(result.html.startsWith(dir)).toBe(true);
    expect(existsSync(result.html)).toBe(true);
    const html = readFileSync(result.html, "utf8");
    expect(html).toContain(result.traceId);
    for (const service of SERVICES) expect(html).toContain(service);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    expect(run.stdout).toContain(result.html);
  });

  it("leaves no process behind", async () => {
    // deno, bun and workerd at least.
    expect(result.pids.length).toBeGreaterThanOrEqual(3);
    const deadline = Date.now() + 2_000;
    while (result.pids.some(isRunning) && Date.now() < deadline) await sleep(50);
    expect(result.pids.filter(isRunning)).toEqual([]);
  });
});
