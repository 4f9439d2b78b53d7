/**
 * The temporary folder the docs' blocks are compiled in, laid out like a
 * user's project: `node_modules/edge-trace` is a copy of the built package
 * (its package.json and dist/, so `edge-trace/...` resolves through the
 * package's own `exports`, as it does for a user), and every other package
 * is a link to the repository's. Deno reads it through `deno.json`.
 * @module
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Workspace {
  readonly dir: string;
  dispose(): void;
}

/**
 * @param root - the repository, with `dist/` built.
 * @returns a fresh workspace; `dispose()` removes it.
 */
export function createWorkspace(root: string): Workspace {
  // Outside the repository: Deno type-checks nothing inside a node_modules folder.
  const dir = mkdtempSync(join(tmpdir(), "edge-trace-docs-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const name of readdirSync(join(root, "node_modules"))) {
    if (name.startsWith(".") || name === "edge-trace") continue;
    symlinkSync(join(root, "node_modules", name), join(modules, name));
  }
  const copy = join(modules, "edge-trace");
  mkdirSync(copy);
  cpSync(join(root, "package.json"), join(copy, "package.json"));
  cpSync(join(root, "dist"), join(copy, "dist"), { recursive: true });
  const manifest = {
    name: "edge-trace-docs",
    private: true,
    type: "module",
    dependencies: { "edge-trace": "*", hono: "*" },
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  // Deno resolves `edge-trace` and `npm:edge-trace` from node_modules, offline.
  writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }, null, 2));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
