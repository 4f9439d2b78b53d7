// `npm run bench`: Node 20 cannot run TypeScript, so bundle the orchestrator
// (bench/index.ts) with esbuild, dependencies left external, and run it.
import { build } from "esbuild";

const outfile = new URL("./out/bench.mjs", import.meta.url);
await build({
  entryPoints: [new URL("./index.ts", import.meta.url).pathname],
  outfile: outfile.pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
await import(outfile.href);
