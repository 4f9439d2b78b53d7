// The public API as reviewed files: one API Extractor report per entry point
// of package.json's "exports" (./dist/<entry>.d.ts → etc/api/<entry>.api.md),
// so that every change to what is exported shows in a diff.
//
//   node scripts/api-report.mjs           fails when a report is stale (npm test)
//   node scripts/api-report.mjs --update  rewrites the reports (npm run api:update)
//
// Both read dist/: run `npm run build` first (npm test and api:update do).
// A new entry point needs nothing here: add it to "exports" and run api:update.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const update = process.argv.includes("--update");
const root = resolve(import.meta.dirname, "..");
const reportFolder = join(root, "etc", "api");
const tempFolder = join(root, "node_modules", ".cache", "api-report");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** `{ "./otlp": { types: "./dist/otlp.d.ts" } }` → `[["otlp", "<root>/dist/otlp.d.ts"]]`. */
function entryPoints() {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typeof target === "object" ? target.types : undefined;
    if (!types) continue; // "./package.json"
    const name = subpath === "." ? "index" : subpath.slice(2).replaceAll("/", "-");
    entries.push([name, join(root, types)]);
  }
  return entries;
}

function configFor(name, dts) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      newlineKind: "lf",
      mainEntryPointFilePath: dts,
      bundledPackages: [],
      compiler: {
        // The built declarations only, with the types the package itself is built with.
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            lib: ["ES2023", "DOM", "DOM.Iterable"],
            strict: true,
            skipLibCheck: true,
            types: [],
          },
          files: [dts],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: name,
        // What users can reach: members marked @internal (the recorder an
        // Exporter builds, the hook a Signal adds) show as excluded.
        reportVariants: ["public"],
        reportFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: "warning" } },
        extractorMessageReporting: {
          // A type used by an export but not exported itself shows in the report, to be reviewed.
          default: { logLevel: "warning", addToApiReportFile: true },
          // Release tags (@public, @beta) are not used: what an entry exports is public.
          "ae-missing-release-tag": { logLevel: "none" },
          // {@link member} between members of one class: a doc link, not part of the surface.
          "ae-unresolved-link": { logLevel: "none" },
        },
        // The comments are TSDoc-like (@module, @example code): their syntax is not what is reviewed.
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, "package.json"),
  });
}

mkdirSync(reportFolder, { recursive: true });
const stale = [];
const failed = [];
for (const [name, dts] of entryPoints()) {
  if (!existsSync(dts)) {
    failed.push(`${name}: ${dts} is missing; run \`npm run build\` first`);
    continue;
  }
  const result = Extractor.invoke(configFor(name, dts), {
    localBuild: update,
    showVerboseMessages: false,
  });
  if (result.apiReportChanged && !update) stale.push(`etc/api/${name}.public.api.md`);
  else if (!result.succeeded) failed.push(`${name}: ${result.errorCount} error(s)`);
}

if (failed.length > 0) {
  console.error(`API report failed:\n  ${failed.join("\n  ")}`);
  process.exit(1);
}
if (stale.length > 0) {
  console.error(
    `The public API changed; these reports are stale:\n  ${stale.join("\n  ")}\n` +
      "Run `npm run api:update` and commit etc/api/ with the change, so that it is reviewed.",
  );
  process.exit(1);
}
console.log(update ? `API reports written to etc/api/.` : "API reports are up to date.");
