/**
 * Bundles each demo service from TypeScript with esbuild, as wrangler
 * does for Workers: the services import edge-trace from `src/`, so
 * `npm start` needs no `npm run build` first (tsc takes far longer than
 * esbuild's few milliseconds).
 */
import { build } from "esbuild";
import { otlpProtobufPlugin, protobufRequested } from "./protobuf.js";

/** Where a bundle will run. */
export type Target = "workerd" | "deno" | "bun";

/**
 * @param entry - the service's source file.
 * @param outfile - where the single ES module is written.
 * @param target - the runtime it is for.
 * @returns `outfile`.
 */
export async function bundle(entry: string, outfile: string, target: Target): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    target: "es2022",
    // Workers resolve packages as wrangler does; Deno and Bun get browser-free builds.
    platform: target === "workerd" ? "neutral" : "node",
    ...(target === "workerd"
      ? { conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"] }
      : {}),
    external: ["cloudflare:*", "node:*"],
    // Class names survive bundling, as with wrangler (span names may use them).
    keepNames: true,
    // OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: otlp from edge-trace/otlp-protobuf.
    plugins: protobufRequested() ? [otlpProtobufPlugin] : [],
    logLevel: "error",
  });
  return outfile;
}
