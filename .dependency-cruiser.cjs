/**
 * The direction of imports in src/, checked by `npm run check:layers`
 * (dependency-cruiser). Each folder may import only from the folders below it:
 *
 *   src/<entry>.ts                         public entry points: on top, imported by nothing in src/
 *   src/opentelemetry, src/protobuf, src/aws
 *                                          integrations, each behind its own entry point: the
 *                                          @opentelemetry/api bridge, OTLP protobuf, AWS SigV4
 *   src/signals, src/logs, src/metrics     logs and metrics, imported through otlp({ logs, metrics })
 *   src/workers, src/lambda, src/fetch, src/hono
 *                                          the adapters
 *   src/export                             recording and export (the recorder an exporter builds)
 *   src/server                             the server path every adapter shares
 *   src/trace                              the Trace, the Tracer, the recorder seam's types
 *   src/core                               wire formats, carriers, policies: Web standards only
 *
 * Between server and export, only export imports server (the recorder it
 * builds carries the server span's recording half), never the other way.
 * Adapters reach export only through the recorder (`tracer.recorder`), so
 * they may import its types but none of its code: recording code reaches a
 * bundle only with an exporter.
 * Type-only imports count everywhere: a type that runs back up is still a
 * file that depends on one above it.
 */

/** Folders from the ground up; each may import itself and those before it. */
const LAYERS = [
  ["core", "^src/core/"],
  ["trace", "^src/trace/"],
  ["server", "^src/server/"],
  ["export", "^src/export/"],
  ["adapters", "^src/(workers|lambda|fetch|hono)/"],
  ["signals", "^src/(signals|logs|metrics)/"],
  ["integrations", "^src/(opentelemetry|protobuf|aws)/"],
];

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `${name}-imports-only-below`,
  comment: `${path} may import only ${LAYERS.slice(0, index + 1)
    .map(([below]) => below)
    .join(", ")}: an import that runs back up ties a lower layer to a higher one.`,
  severity: "error",
  from: { path },
  to: {
    // Packages and runtime modules are not layers: core-imports-no-runtime keeps them out of core.
    pathNot: [
      ...LAYERS.slice(0, index + 1).map(([, below]) => below),
      "^node_modules/",
      "^cloudflare:",
    ],
    dependencyTypesNot: ["core"],
  },
}));

module.exports = {
  forbidden: [
    {
      name: "every-folder-in-a-layer",
      comment:
        "Every folder of src/ has its place in LAYERS (top of .dependency-cruiser.cjs) and docs/development.md's layout: add a new one there.",
      severity: "error",
      from: { path: "^src/[^/]+/", pathNot: LAYERS.map(([, path]) => path) },
      to: {},
    },
    {
      name: "no-circular",
      comment: "No two files import each other, directly or through others (type imports too).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-no-runtime",
      comment:
        "src/core runs unchanged on every runtime: it imports only src/core (no node:*, cloudflare:*, packages).",
      severity: "error",
      from: { path: "^src/core/" },
      to: { pathNot: "^src/core/" },
    },
    {
      name: "vendor-formats-opt-in",
      comment:
        "B3, Jaeger and X-Ray (src/core/vendor) are propagators a user opts into: the rest of src/core never imports them, so they reach only the bundles that name them.",
      severity: "error",
      from: { path: "^src/core/", pathNot: "^src/core/vendor/" },
      to: { path: "^src/core/vendor/" },
    },
    ...upward.filter((rule) => !rule.name.startsWith("core-")),
    {
      name: "signals-import-no-adapter",
      comment:
        "Signals plug into otlp(); they import the export and trace layers, never an adapter.",
      severity: "error",
      from: { path: "^src/(signals|logs|metrics)/" },
      to: { path: "^src/(workers|lambda|fetch|hono)/" },
    },
    {
      name: "adapters-import-each-other-not",
      comment: "Each adapter translates one runtime's shapes and stands alone.",
      severity: "error",
      from: { path: "^src/(workers|lambda|fetch|hono)/" },
      to: { path: "^src/(workers|lambda|fetch|hono)/", pathNot: "^src/$1/" },
    },
    {
      name: "adapters-record-only-through-the-recorder",
      comment:
        "Recording code reaches a bundle only through the recorder an exporter builds: adapters import export's types, never its code.",
      severity: "error",
      from: { path: "^src/(workers|lambda|fetch|hono)/" },
      to: { path: "^src/export/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "server-imports-no-export",
      comment:
        "Only export imports server (the recorder carries the server recording), not the reverse.",
      severity: "error",
      from: { path: "^src/server/" },
      to: { path: "^src/export/" },
    },
    {
      name: "entry-points-on-top",
      comment: "src/<entry>.ts only re-exports; nothing in src/ imports an entry point.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/[^/]+\\.ts$" },
    },
    {
      name: "no-unresolvable",
      comment: "Every import resolves (a runtime's own `cloudflare:` modules exist only there).",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
