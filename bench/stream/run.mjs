// Bundles bench/stream/body-end.ts (Node 20 cannot run TypeScript) and runs it in Node;
// the bundle (bench/out/body-end.mjs) runs as it is in Bun and Deno.
import { build } from "esbuild";

const outfile = new URL("../out/body-end.mjs", import.meta.url);
await build({
  entryPoints: [new URL("./body-end.ts", import.meta.url).pathname],
  outfile: outfile.pathname,
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
await import(outfile.href);
