/**
 * Pay only for what you import: a Worker that does not pass `bindings`
 * bundles none of bindingSpans() (checked on the size budgets' own
 * edge-otlp Worker, by strings only those modules contain), and what
 * passing it adds is measured and bounded.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleCode } from "../../bench/size/bundle.js";

const file = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const options = { external: ["cloudflare:*"] };

describe("bindingSpans() is bundled only by Workers that pass it", () => {
  let without: Uint8Array = new Uint8Array();
  let withBindings: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    without = await bundleCode(file("../../bench/size/workers/edge-otlp.ts"), options);
    withBindings = await bundleCode(file("./fixtures/size-bindings.ts"), options);
  });

  it.each([
    ["KV", "cloudflare-kv"],
    ["D1", "cloudflare-d1"],
    ["R2", "createMultipartUpload"],
    ["the shared attributes", "cloudflare.binding.name"],
  ])("%s is tree-shaken away without `bindings`", (_name, marker) => {
    expect(new TextDecoder().decode(without)).not.toContain(marker);
    expect(new TextDecoder().decode(withBindings)).toContain(marker);
  });

  it("adds at most 4.6 KiB gzip to a Worker that passes it (4.5 KiB when measured, unread bodies included: 14,336 → 18,953 bytes)", () => {
    const added = gzipSync(withBindings).byteLength - gzipSync(without).byteLength;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(4.6 * 1024);
  });
});
