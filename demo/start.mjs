// `npm start`: Node 20 cannot run TypeScript, so this launcher bundles
// demo/main.ts with esbuild (packages stay external, loaded from
// node_modules) into demo/out/main.mjs, imports it and runs it.
// Usage: npm start -- [--keep] [--out <dir>] [--json <file>]
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "demo/out/main.mjs");

await build({
  entryPoints: [join(root, "demo/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  logLevel: "error",
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(root, process.argv.slice(2));
