/**
 * The handler modules the Lambda cold-start section starts: the same
 * handler bare, and with edge-trace + otlp() as a user deploys it either
 * unbundled (the package copied into node_modules, as a zip of the folder
 * or SAM without a bundler has it) or bundled by esbuild (as SAM's esbuild
 * build does).
 * @module
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const BODY =
  "async (event) => ({ statusCode: 200, body: JSON.stringify({ path: event.rawPath }) })";

/** One handler module to start, and how many edge-trace modules it loads. */
export interface LambdaHandlerModule {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  /** Files of edge-trace the import loads (unbundled: dist modules; bundled: 0). */
  readonly edgeTraceFiles: number;
}

/**
 * Writes the handlers under `outDir/lambda-cold-start`.
 * @param root - the repository (its `dist/` must be built).
 * @param outDir - bench/out.
 * @returns bare first, then unbundled, then bundled.
 */
export async function writeHandlers(root: string, outDir: string): Promise<LambdaHandlerModule[]> {
  const dir = join(outDir, "lambda-cold-start");
  const installed = join(dir, "installed");
  const pkg = join(installed, "node_modules", "edge-trace");
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, "dist"), join(pkg, "dist"), { recursive: true });
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  // The quick start's one import; `otlp` from edge-trace/otlp is the same function.
  const traced = [
    'import { otlp, withTrace } from "edge-trace/lambda";',
    `export const handler = withTrace(${BODY}, { exporter: otlp() });`,
  ].join("\n");
  writeFileSync(join(installed, "index.mjs"), `${traced}\n`);
  const twoImports = traced.replace(
    'import { otlp, withTrace } from "edge-trace/lambda";',
    'import { withTrace } from "edge-trace/lambda";\nimport { otlp } from "edge-trace/otlp";',
  );
  writeFileSync(join(installed, "two-imports.mjs"), `${twoImports}\n`);
  // The function's own package scope: "edge-trace" must resolve through
  // node_modules, not as this repository's self-reference.
  writeFileSync(join(installed, "package.json"), '{ "name": "lambda-fn", "type": "module" }\n');
  writeFileSync(join(dir, "bare.mjs"), `export const handler = ${BODY};\n`);
  writeTwoEntryPackage(installed);
  // The same, registering no extension: what the registration itself costs.
  writeFileSync(
    join(installed, "no-extension.mjs"),
    `${traced.replace("otlp() }", "otlp(), extension: false }")}\n`,
  );
  await build({
    entryPoints: [join(installed, "no-extension.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: join(dir, "bundled-no-extension.mjs"),
    logLevel: "silent",
  });
  const result = await build({
    entryPoints: [join(installed, "index.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: join(dir, "bundled.mjs"),
    metafile: true,
    logLevel: "silent",
  });
  const loaded = Object.keys(result.metafile.inputs).filter((f) =>
    f.includes("node_modules/edge-trace/dist/"),
  );
  return [
    { id: "bare", label: "bare handler", file: join(dir, "bare.mjs"), edgeTraceFiles: 0 },
    {
      id: "package",
      label: "bare handler importing two one-line entries of another package (Node's loader alone)",
      file: join(installed, "two-entries.mjs"),
      edgeTraceFiles: 0,
    },
    {
      id: "unbundled",
      label: "edge-trace + otlp(), node_modules as installed (the quick start: one import)",
      file: join(installed, "index.mjs"),
      edgeTraceFiles: loaded.length,
    },
    {
      id: "unbundled-two-imports",
      label: "the same, `otlp` imported from edge-trace/otlp (two entry points)",
      file: join(installed, "two-imports.mjs"),
      edgeTraceFiles: loaded.length + 1,
    },
    {
      id: "bundled",
      label: "edge-trace + otlp(), bundled (esbuild)",
      file: join(dir, "bundled.mjs"),
      edgeTraceFiles: 0,
    },
    {
      id: "bundled-no-extension",
      label: "the same bundle with `extension: false` (no registration request)",
      file: join(dir, "bundled-no-extension.mjs"),
      edgeTraceFiles: 0,
    },
  ];
}

/**
 * A package with an `exports` map and two one-line entries, and a bare
 * handler importing both: what Node's loader costs any handler that imports
 * two entry points of a package, whatever they hold.
 */
function writeTwoEntryPackage(installed: string): void {
  const pkg = join(installed, "node_modules", "two-entries");
  mkdirSync(pkg, { recursive: true });
  const exports = { ".": "./a.js", "./b": "./b.js" };
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: "two-entries", type: "module", exports }),
  );
  writeFileSync(join(pkg, "a.js"), "export const a = 1;\n");
  writeFileSync(join(pkg, "b.js"), "export const b = 2;\n");
  writeFileSync(
    join(installed, "two-entries.mjs"),
    `import { a } from "two-entries";\nimport { b } from "two-entries/b";\nexport const handler = ${BODY.replace("path: event.rawPath", "path: event.rawPath, a, b")};\n`,
  );
}
