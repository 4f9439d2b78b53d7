/**
 * `hono` is an optional peer dependency: the built entry must load without
 * it, so nothing reachable from dist/hono.js may import it at runtime.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { runToExit } from "../fetch/support/runtime.js";
import { distDir, ensureBuild } from "../support/ensure-build.js";

beforeAll(() => ensureBuild());

// Import and export statements (at a line's start or after `;`, as minified), and dynamic
// imports; not a string that merely says `import "…"`.
const specifiers =
  /(?:(?:^|;)\s*(?:import|export)\b[^;"'(){}]*(?:\{[^}]*\})?\s*from\s*|(?:^|;)\s*import\s*|\bimport\(\s*)["']([^"']+)["']/gm;

/** Every module dist/hono.js loads, followed through relative imports. */
function reachable(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const imports = [...code.matchAll(specifiers)].map((m) => m[1] ?? "");
    found.set(file, imports);
    for (const spec of imports) if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
  };
  visit(entry);
  return found;
}

// Both layouts: module by module (bundlers) and dist/node/ (the `node` condition).
const layouts: readonly (readonly [entry: string, reaches: string])[] = [
  ["hono.js", "trace/trace.js"],
  ["node/hono.js", "node/shared.js"],
];
for (const [entry, reaches] of layouts) {
  it(`dist/${entry} and everything it loads import nothing but relative modules`, () => {
    const modules = reachable(join(distDir, entry));
    // The walk reached code that hono.js shares with the other entries.
    expect([...modules.keys()]).toContain(join(distDir, reaches));
    for (const [file, imports] of modules) {
      for (const spec of imports)
        expect({ file, spec }).toEqual({ file, spec: expect.stringMatching(/^\.\.?\//) });
    }
  });
}

it("dist/hono.d.ts types c.var.trace by augmenting Hono's ContextVariableMap", () => {
  const types = readFileSync(join(distDir, "hono.d.ts"), "utf8");
  expect(types).toMatch(/declare module "hono" \{\s*interface ContextVariableMap \{/);
  expect(types).toMatch(/^import type \{[^}]*\} from "hono";$/m);
});

it.each(["hono.js", "node/hono.js"])(
  "%s loads in Node where hono is not installed",
  async (entry) => {
    // A copy outside the repository has no node_modules to find "hono" in; a
    // separate Node process, because Vitest's resolver would find it anyway.
    const copy = join(mkdtempSync(join(tmpdir(), "edge-trace-dist-")), "dist");
    cpSync(distDir, copy, { recursive: true });
    writeFileSync(join(copy, "package.json"), '{ "type": "module" }');
    const url = pathToFileURL(join(copy, entry)).href;
    const script = `const m = await import(${JSON.stringify(url)}); console.log(typeof m.tracing);`;
    const { code, output } = await runToExit([
      process.execPath,
      "--input-type=module",
      "-e",
      script,
    ]);
    expect(output.trim()).toBe("function");
    expect(code).toBe(0);
  },
);
