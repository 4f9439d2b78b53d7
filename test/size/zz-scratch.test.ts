import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "vitest";
import { bundleSize } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";
const root = fileURLToPath(new URL("../../", import.meta.url));
it("sizes", async () => {
  for (const id of ["edge-core", "edge-propagation", "edge-otlp", "edge-hono-otlp", "hono"]) {
    const s = await bundleSize(join(root, workerFixture(id).file), { external: ["cloudflare:*"] });
    console.log("SIZE", id, s.gzipBytes);
  }
});
