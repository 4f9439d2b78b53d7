// Builds dist/ twice over. tsc writes it module by module, with the
// declarations: what bundlers get (Workers, through wrangler's `workerd`
// conditions), so a Worker keeps only the modules it uses. dist/node/ is
// what runtimes that resolve the `node` condition get (Node, Lambda, Deno,
// Bun): one file per entry point and one `shared.js` holding every module
// two or more entries use (so `otlp()` and `withTrace` meet on one copy of
// the tracer). An unbundled import of two entries then loads three files,
// not the 76 tsc's layout loads: Node's ESM loader costs about 0.6 ms per
// module, which is Lambda cold start for a function deployed as
// `node_modules`. One program resolves one set of conditions, so it never
// loads both layouts. dist/node/ is minified (it compiles faster: about
// 0.6 ms of a Lambda cold start), with source maps for stack traces
// (`node --enable-source-maps`).
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const flat = join(dist, "node");
const SHARED = "shared.js";

/** `"./lambda"` → `src/lambda.ts`; `"."` → `src/index.ts`. */
function entryPoints() {
  const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return Object.keys(exports)
    .filter((key) => key !== "./package.json")
    .map((key) => join(root, "src", `${key === "." ? "index" : key.slice(2)}.ts`));
}

const common = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external",
  logLevel: "warning",
};
const shipped = { ...common, minify: true, sourcemap: "linked", sourcesContent: false };

/**
 * Source modules reached from two or more entries (found by a split
 * build), and those of them that modules outside the shared file import:
 * only their names are exported, so a name two shared modules both export
 * (the recording operations keep one name end to end) stays internal.
 */
async function sharedModules(entries) {
  const { metafile } = await build({
    ...common,
    entryPoints: entries,
    splitting: true,
    outdir: join(flat, ".probe"),
    write: false,
    metafile: true,
  });
  const outputs = metafile.outputs;
  const closure = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const { path, kind } of outputs[file].imports) {
      if (kind === "import-statement" && outputs[path]) closure(path, seen);
    }
    return seen;
  };
  const users = new Map();
  for (const [file, output] of Object.entries(outputs)) {
    if (!output.entryPoint) continue;
    const inputs = new Set([...closure(file)].flatMap((f) => Object.keys(outputs[f].inputs)));
    for (const input of inputs) users.set(input, (users.get(input) ?? 0) + 1);
  }
  const shared = new Set([...users].filter(([, count]) => count > 1).map(([input]) => input));
  const boundary = new Set();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    if (shared.has(input)) continue;
    for (const { path } of imports) if (shared.has(path)) boundary.add(path);
  }
  const absolute = (set) => [...set].map((input) => resolve(root, input));
  return { shared: absolute(shared), boundary: absolute(boundary) };
}

/** Imports of a shared module, from outside the shared file, become `./shared.js`. */
function toSharedFile(shared) {
  return {
    name: "shared-file",
    setup(onBuild) {
      onBuild.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        return shared.has(path) ? { path: `./${SHARED}`, external: true } : undefined;
      });
    },
  };
}

/** Every name an entry takes from shared.js must be one shared.js exports. */
function checkSharedNames(entries) {
  const names = new Set(exportedNames(readFileSync(join(flat, SHARED), "utf8")));
  for (const entry of entries) {
    const file = relative(join(root, "src"), entry).replace(/\.ts$/, ".js");
    const code = readFileSync(join(flat, file), "utf8");
    for (const [, list] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"\.\/shared\.js"/g)) {
      for (const item of list.split(",")) {
        const name = item.trim().split(/\s+as\s+/)[0];
        if (name && !names.has(name)) throw new Error(`${file} imports ${name}, not in ${SHARED}`);
      }
    }
  }
}

/** The names in a module's `export { a, b as c }` lists. */
function exportedNames(code) {
  const lists = [...code.matchAll(/\bexport\s*\{([^}]*)\}/g)].map(([, list]) => list);
  const items = lists.flatMap((list) => list.split(",")).map((item) => item.trim());
  return items.map((item) => item.split(/\s+as\s+/).at(-1));
}

rmSync(dist, { recursive: true, force: true });
execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
const entries = entryPoints();
const { shared, boundary } = await sharedModules(entries);
const sharedBuild = await build({
  ...shipped,
  stdin: {
    contents: boundary.map((file) => `export * from ${JSON.stringify(file)};`).join("\n"),
    resolveDir: root,
    sourcefile: SHARED,
  },
  outfile: join(flat, SHARED),
  metafile: true,
});
const sharedOutput = sharedBuild.metafile.outputs[relative(root, join(flat, SHARED))];
if (sharedOutput.imports.some((i) => i.external)) {
  throw new Error(`${SHARED} imports a package: ${JSON.stringify(sharedOutput.imports)}`);
}
await build({
  ...shipped,
  entryPoints: entries,
  outdir: flat,
  plugins: [toSharedFile(new Set(shared))],
});
checkSharedNames(entries);
