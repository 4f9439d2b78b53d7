// `npm start`: Node 20 cannot run TypeScript, so this launcher bundles
// demo/main.ts with esbuild (packages stay external, loaded from
// node_modules) into demo/out/main.mjs, imports it and runs it.
// Usage: npm start -- [--keep] [--out <dir>] [--json <file>]
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const protobuf = process.env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() === "http/protobuf";
// Its own directory under protobuf, so a JSON run beside it never loads its bundles.
const outfile = join(root, protobuf ? "demo/out/protobuf/main.mjs" : "demo/out/main.mjs");

await build({
  entryPoints: [join(root, "demo/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  logLevel: "error",
  // OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: the Lambda handler's otlp from
  // edge-trace/otlp-protobuf (demo/protobuf.ts does the same for the other services).
  plugins: protobuf
    ? [
        {
          name: "otlp-protobuf",
          setup(b) {
            b.onResolve({ filter: /\/src\/otlp\.js$/ }, (args) => ({
              path: join(args.resolveDir, args.path.replace(/otlp\.js$/, "otlp-protobuf.ts")),
            }));
          },
        },
      ]
    : [],
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(root, process.argv.slice(2));
