/**
 * Pay only for what you import: a Worker that imports `edge-trace/otlp`
 * bundles none of the protobuf encoder, and the one that imports
 * `edge-trace/otlp-protobuf` stays within a stated cost over it.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleSize, composition } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = (id: string): string => join(root, workerFixture(id).file);
const options = { external: ["cloudflare:*"] };

/** What the encoder, the answer decoder and the codec add, gzip bytes (measured 2887). */
const PROTOBUF_BUDGET = 3000;

describe("the protobuf encoder is bundled only when imported", () => {
  it.each(["edge-otlp", "edge-hono-otlp", "edge-otlp-signals"])(
    "%s holds no protobuf code",
    async (id) => {
      const files = (await composition(entry(id), options)).map((share) => share.file);
      expect(files.filter((f) => f.startsWith("src/protobuf/"))).toEqual([]);
    },
  );

  it(`edge-otlp-protobuf adds at most ${PROTOBUF_BUDGET} B gzip to the OTLP Worker`, async () => {
    const files = (await composition(entry("edge-otlp-protobuf"), options)).map((s) => s.file);
    expect(files).toContain("src/protobuf/otlp-encode.ts");
    const extra =
      (await bundleSize(entry("edge-otlp-protobuf"), options)).gzipBytes -
      (await bundleSize(entry("edge-otlp"), options)).gzipBytes;
    expect(extra).toBeLessThanOrEqual(PROTOBUF_BUDGET);
  });
});
