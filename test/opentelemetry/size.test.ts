/**
 * Pay only for what you import: the reference Workers bundle nothing of
 * edge-trace/opentelemetry nor @opentelemetry/api, and a Worker that does
 * import the bridge pays a bounded number of bytes for it.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SIZE_BUDGETS } from "../../bench/size/budgets.js";
import { bundleSize, composition } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = (id: string): string => join(root, workerFixture(id).file);

describe("edge-trace/opentelemetry and the bundle sizes", () => {
  for (const { worker } of SIZE_BUDGETS) {
    it(`${worker} bundles neither src/opentelemetry nor @opentelemetry/api`, async () => {
      const files = (await composition(entry(worker), { external: ["cloudflare:*"] })).map(
        (share) => share.file,
      );
      expect(files.length).toBeGreaterThan(0);
      expect(files.filter((file) => /src\/opentelemetry|@opentelemetry\//.test(file))).toEqual([]);
    });
  }

  // Every entry point but edge-trace/opentelemetry, as a bundler sees it (every export kept).
  for (const name of [
    "index",
    "propagation",
    "workers",
    "lambda",
    "fetch",
    "hono",
    "otlp",
    "export",
    "logs",
    "metrics",
  ]) {
    it(`src/${name}.ts never reaches @opentelemetry/api or the bridge`, async () => {
      const files = (
        await composition(join(root, `src/${name}.ts`), {
          external: ["cloudflare:*", "hono", "hono/*"],
        })
      ).map((share) => share.file);
      expect(files.filter((file) => /src\/opentelemetry|@opentelemetry\//.test(file))).toEqual([]);
    });
  }

  it("the bridge itself adds under 3 KiB gzip to a Worker with OTLP export (the API left out)", async () => {
    const withBridge = await bundleSize(entry("edge-otlp-opentelemetry"), {
      external: ["cloudflare:*", "node:*", "@opentelemetry/api"],
    });
    const without = await bundleSize(entry("edge-otlp"), { external: ["cloudflare:*"] });
    const added = withBridge.gzipBytes - without.gzipBytes;
    expect(added).toBeGreaterThan(500);
    expect(added).toBeLessThan(3 * 1024);
  });
});
