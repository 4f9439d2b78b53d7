/**
 * Pay only for what you import (issue #12): a Worker that calls only
 * `extract` and `inject` must not carry the opt-in formats or the outbound
 * policy compiler. Checked on the reference Worker's bundle, by strings
 * only those modules contain.
 */

import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleCode } from "../../bench/size/bundle.js";

const entry = fileURLToPath(new URL("../../bench/size/workers/edge-core.ts", import.meta.url));

describe("extract + inject bundle only the W3C core", () => {
  // Bundled as the size budgets bundle it, once for every marker.
  let code = "";
  beforeAll(async () => {
    code = new TextDecoder().decode(await bundleCode(entry));
  });

  it.each([
    ["B3", "x-b3-traceid"],
    ["X-Ray", ";Parent="],
    ["Jaeger", "uber-trace-id"],
    ["the outbound policy compiler", '"*."'],
  ])("%s is tree-shaken away", (_name, marker) => {
    expect(code).not.toContain(marker);
  });
});
