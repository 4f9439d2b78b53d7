/**
 * The size budgets again, for a user who bundles the published package:
 * each budgeted reference Worker is rewritten to import `edge-trace/...`
 * (resolved through package.json's `exports` to dist/, as in a user's
 * project) and bundled as wrangler would. dist/ is built per entry with a
 * shared file (scripts/build.mjs), so this is what asserts that the
 * bundler still drops what a Worker does not use.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { SIZE_BUDGETS } from "../../bench/size/budgets.js";
import { bundleSize } from "../../bench/size/bundle.js";
import { workerFixture } from "../../bench/size/catalogue.js";
import { ensureBuild } from "../support/ensure-build.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside the package, so `edge-trace/...` resolves by self-reference to dist/.
const out = join(root, "bench", "out", "dist-workers");
const options = { external: ["cloudflare:*"] };

/** The fixture with `../../../src/x.js` imports turned into `edge-trace/x`. */
function fromPackage(id: string): string {
  const source = readFileSync(join(root, workerFixture(id).file), "utf8");
  const rewritten = source.replace(/"(?:\.\.\/)+src\/([\w-]+)\.js"/g, (_, name: string) =>
    name === "index" ? '"edge-trace"' : `"edge-trace/${name}"`,
  );
  const file = join(out, `${id}.ts`);
  writeFileSync(file, rewritten);
  return file;
}

beforeAll(async () => {
  await ensureBuild();
  mkdirSync(out, { recursive: true });
});

describe("size budgets, bundled from the built package (dist/)", () => {
  for (const budget of SIZE_BUDGETS) {
    it(`${budget.worker}: within its ceiling, as from src/`, async () => {
      const file = fromPackage(budget.worker);
      expect(readFileSync(file, "utf8")).toContain('from "edge-trace');
      const size = (await bundleSize(file, options)).gzipBytes;
      const base =
        budget.base === undefined
          ? 0
          : (await bundleSize(fromPackage(budget.base), options)).gzipBytes;
      expect(size - base).toBeLessThanOrEqual(budget.ceilingGzipBytes);
    });
  }
});
