/**
 * A build fix for the incumbent, not a change to it: otel-cf-workers
 * 1.0.0-rc.52 imports `ATTR_FAAS_TIME` from
 * `@opentelemetry/semantic-conventions/incubating`, which the versions its
 * `^1.33.0` range now resolves to (1.45) no longer export, so a fresh
 * install does not bundle. The shim re-exports the installed module plus
 * that one constant, the size an older compatible version would give.
 * It is used only when the installed module lacks the constant.
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const SPECIFIER = "@opentelemetry/semantic-conventions/incubating";
const PACKAGE_DIR = "/@opentelemetry/semantic-conventions";

/**
 * @param root - the repository root.
 * @param outDir - where the shim is written.
 * @returns the module alias to bundle otel-cf-workers with, or `undefined` when none is needed.
 */
export async function semconvAlias(
  root: string,
  outDir: string,
): Promise<Record<string, string> | undefined> {
  const fromIncumbent = createRequire(
    join(root, "node_modules/@microlabs/otel-cf-workers/package.json"),
  );
  // The package exports no ./package.json: find its directory from a subpath it does export.
  const cjs = fromIncumbent.resolve(SPECIFIER);
  const pkgDir = cjs.slice(0, cjs.lastIndexOf(PACKAGE_DIR) + PACKAGE_DIR.length);
  const pkgPath = join(pkgDir, "package.json");
  const pkg = JSON.parse(await readFile(pkgPath, "utf8")) as {
    exports: Record<string, { import?: { default?: string }; default?: { default?: string } }>;
  };
  const conditions = pkg.exports["./incubating"];
  const relative = conditions?.import?.default ?? conditions?.default?.default;
  if (!relative) return undefined;
  const real = join(pkgDir, relative);
  if (/\bATTR_FAAS_TIME\b/.test(await readFile(real, "utf8"))) return undefined;
  const shim = join(outDir, "semconv-incubating-shim.mjs");
  const source = `export * from ${JSON.stringify(real)};\nexport const ATTR_FAAS_TIME = "faas.time";\n`;
  await writeFile(shim, source);
  return { [SPECIFIER]: shim };
}
