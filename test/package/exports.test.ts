/**
 * An import smoke test of every subpath, through the package's own name
 * (Node resolves a package's self-reference through its `exports` map), so
 * a broken export map or a missing build output fails here.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../support/ensure-build.js";

beforeAll(() => ensureBuild(), 120_000);

// Through a variable, so type-checking does not need dist/ (built later in npm test).
const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

const contract: Record<string, string[]> = {
  "edge-trace": [
    "parseTraceparent",
    "formatTraceparent",
    "parseTracestate",
    "formatTracestate",
    "parseBaggage",
    "formatBaggage",
    "extract",
    "inject",
    "traceOf",
  ],
  "edge-trace/workers": ["withTrace", "traceOf"],
  "edge-trace/lambda": ["withTrace", "traceOf"],
  "edge-trace/fetch": ["withTrace", "traceOf"],
  "edge-trace/hono": ["tracing", "traceOf"],
};

describe("package exports (DESIGN.md public API)", () => {
  for (const [specifier, names] of Object.entries(contract)) {
    it(`${specifier} exports ${names.join(", ")}`, async () => {
      const module = await load(specifier);
      for (const name of names) expect(typeof module[name], name).toBe("function");
    });
  }

  it("has no runtime dependencies and is side-effect free", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.peerDependenciesMeta.hono.optional).toBe(true);
  });

  it("every subpath resolves to the same traceOf, so the core exists once", async () => {
    const core = await load("edge-trace");
    for (const specifier of Object.keys(contract)) {
      const module = await load(specifier);
      expect(module.traceOf).toBe(core.traceOf);
    }
  });
});
