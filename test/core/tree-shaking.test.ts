/**
 * Pay only for what you import (issue #12): a Worker that calls only
 * `extract` and `inject` must not carry the opt-in formats or the outbound
 * policy compiler. Checked on the reference Worker's bundle, by strings
 * only those modules contain.
 */

import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../bench/size/workers/edge-core.ts", import.meta.url));

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("extract + inject bundle only the W3C core", () => {
  it.each([
    ["B3", "x-b3-traceid"],
    ["X-Ray", ";Parent="],
    ["Jaeger", "uber-trace-id"],
    ["the outbound policy compiler", '"*."'],
  ])("%s is tree-shaken away", async (_name, marker) => {
    expect(await bundle()).not.toContain(marker);
  });
});
