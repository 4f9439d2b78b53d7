/**
 * Shutdown behaviour in the real runtimes: spans are flushed when the
 * process ends on its own, once, and reading the environment never
 * crashes or prompts (Deno without `--allow-env`).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeCopy, runToExit, runtimes } from "../fetch/support/runtime.js";
import { distDir, ensureBuild, root } from "../support/ensure-build.js";

const exitFixture = "test/fetch/fixtures/exit-flush.ts";
// No --allow-env; read access only for the dynamic import of dist/.
const denoWithoutEnv = [
  join(root, "node_modules/.bin/deno"),
  "run",
  "--no-lock",
  "--no-prompt",
  `--allow-read=${root}`,
];

beforeAll(() => ensureBuild());

describe("flush before exit", () => {
  const expected = /^served 200\nflush 1: GET\n$/;

  it("flushes once in Deno when the event loop drains", async () => {
    const { code, output } = await runToExit(runtimes.deno(exitFixture));
    expect(output).toMatch(expected);
    expect(code).toBe(0);
  });

  it("flushes once in Bun when the event loop drains", async () => {
    const { code, output } = await runToExit(runtimes.bun(exitFixture));
    expect(output).toMatch(expected);
    expect(code).toBe(0);
  });

  it("flushes once in Node when the event loop drains", async () => {
    const { code, output } = await runToExit(runtimes.node(await nodeCopy(exitFixture)), {
      DIST_FETCH_URL: pathToFileURL(join(distDir, "fetch.js")).href,
    });
    expect(output).toMatch(expected);
    expect(code).toBe(0);
  });
});

describe("reading the environment", () => {
  const probe = "test/fetch/fixtures/env-probe.ts";

  it("reads Deno.env when --allow-env is granted", async () => {
    const { code, output } = await runToExit(runtimes.deno(probe), { EDGE_TRACE_PROBE: "1" });
    expect(JSON.parse(output)).toEqual({ probe: "1", status: 200 });
    expect(code).toBe(0);
  });

  it("neither prompts nor throws in Deno without --allow-env", async () => {
    const { code, output } = await runToExit([...denoWithoutEnv, probe], { EDGE_TRACE_PROBE: "1" });
    expect(JSON.parse(output)).toEqual({ probe: null, status: 200 });
    expect(code).toBe(0);
  });

  it("reads process.env in Bun", async () => {
    const { code, output } = await runToExit(runtimes.bun(probe), { EDGE_TRACE_PROBE: "1" });
    expect(JSON.parse(output)).toEqual({ probe: "1", status: 200 });
    expect(code).toBe(0);
  });
});
