/**
 * Pay only for what you import: an exporting Worker that imports neither
 * signal bundles none of their code, and the Workers that do stay within
 * a stated cost over the spans-only one.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleSize, composition } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = (id: string): string => join(root, workerFixture(id).file);
const options = { external: ["cloudflare:*"] };
const gzip = async (id: string): Promise<number> =>
  (await bundleSize(entry(id), options)).gzipBytes;

/** What logs and metrics may add to the spans-only OTLP Worker, gzip bytes. */
const SIGNAL_BUDGETS = {
  "edge-otlp-logs": 1400,
  "edge-otlp-metrics": 2800,
  "edge-otlp-signals": 3400,
};

describe("signals are bundled only when imported", () => {
  it.each(["edge-propagation", "edge-otlp", "edge-hono-otlp"])(
    "%s holds no logs or metrics code",
    async (id) => {
      const files = (await composition(entry(id), options)).map((share) => share.file);
      expect(files.filter((f) => /^src\/(logs|metrics|signals)[/.]/.test(f))).toEqual([]);
    },
  );

  it.each(Object.entries(SIGNAL_BUDGETS))(
    "%s adds at most %i B gzip to the OTLP Worker",
    async (id, budget) => {
      const extra = (await gzip(id)) - (await gzip("edge-otlp"));
      expect(extra).toBeLessThanOrEqual(budget);
    },
  );
});
