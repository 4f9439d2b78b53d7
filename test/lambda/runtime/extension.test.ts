/**
 * The response first, then the flush: a handler module written as the
 * quick start shows, loaded by a runtime that follows Lambda's Node.js
 * runtime against a Runtime API and Extensions API double. edge-trace
 * registers as an internal extension during Init, so the runtime posts each
 * response at once and the spans are exported afterwards, before the
 * extension asks for its next event. (aws-lambda-ric, the real runtime
 * interface client, needs Node 22; the driver follows its documented steps.)
 * The double, the driver and the handler modules are in bench/lambda-runtime/,
 * which the bench's lambda-collector section runs too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SlowCollector, startCollector } from "../../../bench/lambda-runtime/collector.js";
import {
  handlerPath,
  type LambdaFunction,
  startFunction,
} from "../../../bench/lambda-runtime/function.js";
import type { Invocation } from "../../../bench/lambda-runtime/runtime-api-double.js";
import { ensureBuild } from "../../support/ensure-build.js";

/** Timers on a loaded 2-core machine run late by this much, at most. */
const SLACK_MS = 150;
const MARGIN_MS = 100;

let collector: SlowCollector;
let fn: LambdaFunction | undefined;
let cjsDir: string;

beforeAll(async () => {
  await ensureBuild();
  collector = await startCollector();
  cjsDir = mkdtempSync(join(tmpdir(), "edge-trace-cjs-"));
  // A CommonJS handler, as SAM's esbuild build emits one.
  await build({
    entryPoints: [handlerPath("traced.mjs")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: join(cjsDir, "traced.cjs"),
    logLevel: "silent",
  });
}, 120_000);
afterEach(async () => {
  await fn?.stop();
  fn = undefined;
  collector.exports.length = 0;
});
afterAll(async () => {
  await collector.close();
  rmSync(cjsDir, { recursive: true, force: true });
});

const invoke = (n: number, timeoutMs?: number): Promise<Invocation> =>
  fn!.api.invoke({ n }, timeoutMs);
const responseMs = (i: Invocation) => i.respondedAt! - i.deliveredAt!;

describe.each([
  ["ESM", "traced.mjs"],
  ["CommonJS (bundled)", "cjs"],
])("%s handler module", (_kind, file) => {
  const start = async (options?: { registrations?: "accept" | "refuse" | "ignore" }) => {
    const path = file === "cjs" ? join(cjsDir, "traced.cjs") : file;
    fn = await startFunction(path, collector, options);
  };

  it("registers as an internal extension for INVOKE during Init, before the runtime's first /next", async () => {
    await start();
    const ready = await fn!.api.runtimeReady;
    await invoke(1);
    expect(fn!.api.registrations).toMatchObject([
      { name: "edge-trace", events: ["INVOKE"], accepted: true },
    ]);
    expect(fn!.api.registrations[0]!.at).toBeLessThanOrEqual(ready);
  });

  it("collector answering after 500 ms: the response is posted first, the extension's /event/next after the export", async () => {
    collector.delayMs = 500;
    await start();
    for (const n of [1, 2]) {
      const invocation = await invoke(n);
      expect(invocation.response).toBe(JSON.stringify({ statusCode: 200, body: `{"n":${n}}` }));
      const exported = collector.exports.at(-1)!;
      expect(exported.spans.map((s) => s.invocationId)).toEqual([invocation.requestId]);
      expect(invocation.respondedAt!).toBeLessThan(exported.answeredAt!);
      // The warm invocation's response does not wait for the 500 ms export at all.
      if (n === 2) expect(responseMs(invocation)).toBeLessThan(SLACK_MS);
      expect(invocation.extensionsDoneAt!).toBeGreaterThanOrEqual(exported.answeredAt!);
    }
  });

  it("registration refused: each invocation flushes before returning, within its budget", async () => {
    collector.delayMs = 300;
    await start({ registrations: "refuse" });
    const invocation = await invoke(1);
    expect(fn!.api.registrations).toMatchObject([{ accepted: false }]);
    const exported = collector.exports.at(-1)!;
    expect(exported.spans.map((s) => s.invocationId)).toEqual([invocation.requestId]);
    expect(invocation.respondedAt!).toBeGreaterThanOrEqual(exported.answeredAt!);
  });
});

describe("a hanging collector", () => {
  it("the response is posted as fast as without edge-trace; the next invocation waits for the flush no longer than its budget", async () => {
    collector.delayMs = Number.POSITIVE_INFINITY;
    fn = await startFunction("bare.mjs", collector);
    const bare: Invocation[] = [];
    for (let n = 0; n < 6; n++) bare.push(await invoke(n, 800));
    await fn.stop();

    fn = await startFunction("traced.mjs", collector);
    const traced: Invocation[] = [];
    for (let n = 0; n < 6; n++) traced.push(await invoke(n, 800));
    // The cold first invocation of each aside.
    const median = (list: Invocation[]) =>
      list
        .slice(1)
        .map(responseMs)
        .sort((a, b) => a - b)[2]!;
    expect(median(traced)).toBeLessThanOrEqual(median(bare) + 10);
    for (const i of traced.slice(1)) expect(responseMs(i)).toBeLessThan(SLACK_MS);
    for (let k = 0; k + 1 < traced.length; k++) {
      const budgetEnd = traced[k]!.deadlineMs - MARGIN_MS;
      // The extension held Lambda until its flush budget was spent, and not longer.
      expect(traced[k]!.extensionsDoneAt!).toBeGreaterThanOrEqual(budgetEnd - 5);
      expect(traced[k + 1]!.deliveredAt!).toBeLessThan(budgetEnd + SLACK_MS);
    }
  });
});

describe("no span lost", () => {
  it("across 50 invocations, every invocation's span reaches the collector", async () => {
    collector.delayMs = 0;
    fn = await startFunction("traced.mjs", collector);
    const ids: string[] = [];
    for (let n = 0; n < 50; n++) ids.push((await invoke(n)).requestId);
    const exported = collector.exports.flatMap((e) => e.spans.map((s) => s.invocationId));
    expect(exported).toEqual(ids);
  });
});

describe("two withTrace handlers in one module", () => {
  it("register one extension, which does not wait for the handler Lambda never calls", async () => {
    collector.delayMs = 0;
    fn = await startFunction("two-handlers.mjs", collector);
    const invocation = await invoke(1, 2_000);
    expect(fn.api.registrations).toHaveLength(1);
    expect(collector.exports.at(-1)!.spans.map((s) => s.invocationId)).toEqual([
      invocation.requestId,
    ]);
    // Done after the export, long before the 2 s deadline.
    expect(invocation.extensionsDoneAt! - invocation.respondedAt!).toBeLessThan(500);
  });
});

describe("a response-streaming handler (awslambda.streamifyResponse)", () => {
  it("the span ends when the stream ends; the export comes after the streamed response, before the extension's /event/next", async () => {
    collector.delayMs = 300;
    fn = await startFunction("streaming.mjs", collector);
    for (const n of [1, 2]) {
      const invocation = await invoke(n);
      expect(invocation.response).toMatch(
        new RegExp(`^\\{"statusCode":200\\}\\0{8}first last ${n}$`),
      );
      const exported = collector.exports.at(-1)!;
      const span = exported.spans[0]!;
      expect(exported.spans.map((s) => s.invocationId)).toEqual([invocation.requestId]);
      // Ended with the stream (150 ms after the handler returned), not before.
      expect(span.endMs).toBeGreaterThanOrEqual(invocation.deliveredAt! + 140);
      expect(invocation.respondedAt!).toBeLessThan(exported.answeredAt!);
      expect(invocation.extensionsDoneAt!).toBeGreaterThanOrEqual(exported.answeredAt!);
    }
  });
});

describe("a registration the API never answers", () => {
  it("holds nothing: each invocation flushes before returning, within its budget", async () => {
    collector.delayMs = 100;
    fn = await startFunction("traced.mjs", collector, { registrations: "ignore" });
    for (const n of [1, 2]) {
      const invocation = await invoke(n);
      const exported = collector.exports.at(-1)!;
      expect(exported.spans.map((s) => s.invocationId)).toEqual([invocation.requestId]);
      expect(invocation.respondedAt!).toBeGreaterThanOrEqual(exported.answeredAt!);
      expect(responseMs(invocation)).toBeLessThan(1_000 + SLACK_MS);
    }
  });
});
