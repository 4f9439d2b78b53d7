/**
 * Size budgets, asserted on every `npm test`: each reference Worker
 * (bench/size/workers/) is bundled from src/ with esbuild as wrangler would
 * (minified ESM, workerd conditions) and gzipped, and must fit its ceiling:
 * the target where it is met, else the size reached (bench/size/budgets.ts),
 * so what a Worker does not import cannot creep in. `npm run bench` shows
 * each Worker against its target. Timing targets are checked there, never here.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SIZE_BUDGETS } from "../../bench/size/budgets.js";
import { bundleSize, composition } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entry = (id: string): string => join(root, workerFixture(id).file);
const options = { external: ["cloudflare:*"] };
const kib = (bytes: number): string => (bytes / 1024).toFixed(2);

async function gzipBytes(id: string): Promise<number> {
  return (await bundleSize(entry(id), options)).gzipBytes;
}

/** edge-trace's largest inputs, so a failure says where to look. */
async function largest(id: string): Promise<string> {
  const shares = await composition(entry(id), options);
  return shares
    .filter((share) => share.file.startsWith("src/"))
    .slice(0, 8)
    .map((share) => `${share.file} ${share.bytes} B`)
    .join(", ");
}

describe("size budgets (esbuild, minified, gzip)", () => {
  for (const budget of SIZE_BUDGETS) {
    const ceiling =
      budget.ceilingGzipBytes > budget.maxGzipBytes
        ? `within ${kib(budget.ceilingGzipBytes)} KiB, the size reached (target: ${budget.description})`
        : budget.description;
    it(`${budget.worker}: ${ceiling}`, async () => {
      const size = await gzipBytes(budget.worker);
      const base = budget.base === undefined ? 0 : await gzipBytes(budget.base);
      const limit = base + budget.ceilingGzipBytes;
      const message =
        size <= limit
          ? ""
          : `${budget.worker} is ${kib(size)} KiB gzip${budget.base ? ` (${budget.base} ${kib(base)} KiB + ${kib(size - base)} KiB)` : ""}, ` +
            `over its ${kib(limit)} KiB budget by ${kib(size - limit)} KiB; largest minified inputs: ${await largest(budget.worker)}`;
      expect(size, message).toBeLessThanOrEqual(limit);
    });
  }

  it("measures something real: the bare Worker is under 0.5 KiB and Hono over 5 KiB", async () => {
    expect(await gzipBytes("bare")).toBeLessThan(512);
    expect(await gzipBytes("hono")).toBeGreaterThan(5 * 1024);
  });
});
