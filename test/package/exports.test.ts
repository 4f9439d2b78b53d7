/**
 * An import smoke test of every subpath, through the package's own name
 * (Node resolves a package's self-reference through its `exports` map), so
 * a broken export map or a missing build output fails here.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../support/ensure-build.js";

beforeAll(() => ensureBuild(), 120_000);

// Through a variable, so type-checking does not need dist/ (built later in npm test).
const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

const contract: Record<string, string[]> = {
  "edge-trace": [
    "parseTraceparent",
    "formatTraceparent",
    "parseTracestate",
    "formatTracestate",
    "parseBaggage",
    "formatBaggage",
    "extract",
    "inject",
    "traceOf",
  ],
  "edge-trace/propagation": ["headerAccess", "createIdGenerator"],
  "edge-trace/workers": ["withTrace", "withTraceClass", "traceOf"],
  "edge-trace/lambda": ["withTrace", "withStreamingTrace", "traceOf", "otlp"],
  "edge-trace/fetch": ["withTrace", "traceOf"],
  "edge-trace/hono": ["tracing", "traceOf"],
  "edge-trace/otlp": ["otlp"],
  "edge-trace/otlp-protobuf": ["otlp"],
  "edge-trace/export": ["consoleExporter", "exportSpans"],
  "edge-trace/logs": ["otlpLogs"],
  "edge-trace/metrics": ["httpMetrics"],
  "edge-trace/aws": ["awsSigV4"],
  "edge-trace/opentelemetry": ["openTelemetry"],
};

describe("package exports: the names each subpath promises (docs/core-api.md, etc/api/)", () => {
  for (const [specifier, names] of Object.entries(contract)) {
    it(`${specifier} exports ${names.join(", ")}`, async () => {
      const module = await load(specifier);
      for (const name of names) expect(typeof module[name], name).toBe("function");
    });
  }

  it("has no runtime dependencies and is side-effect free", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.peerDependenciesMeta.hono.optional).toBe(true);
    // edge-trace/opentelemetry registers on the application's own copy of the API.
    expect(pkg.peerDependencies["@opentelemetry/api"]).toBe(">=1.9.0 <2");
    expect(pkg.peerDependenciesMeta["@opentelemetry/api"].optional).toBe(true);
  });

  it("both builds of each subpath (default: module by module; node: dist/node/) export the same names", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target !== "object" || target === null) continue;
      const { node, default: modular } = target as { node: string; default: string };
      const names = async (file: string) => Object.keys(await load(`../../${file}`)).sort();
      expect(await names(node), subpath).toEqual(await names(modular));
    }
  });

  it("edge-trace/lambda's otlp is edge-trace/otlp's, one function", async () => {
    expect((await load("edge-trace/lambda")).otlp).toBe((await load("edge-trace/otlp")).otlp);
  });

  it("every adapter resolves to the same traceOf, so the core exists once", async () => {
    const core = await load("edge-trace");
    const adapters = Object.entries(contract).filter(([, names]) => names.includes("traceOf"));
    for (const [specifier] of adapters) expect((await load(specifier)).traceOf).toBe(core.traceOf);
  });

  it("keeps the application's entry small: authoring helpers live in edge-trace/propagation", async () => {
    const core = await load("edge-trace");
    for (const name of ["FLAG_SAMPLED", "DEFAULT_PROPAGATORS", "createIdGenerator", "TraceState"]) {
      expect(core[name], name).toBeUndefined();
      expect((await load("edge-trace/propagation"))[name], name).toBeDefined();
    }
  });

  it("keeps the recorder's internals out: the batching sink is made by exporters, not exported", async () => {
    // No exporter author can build a Recorder; its sink comes only from otlp(), exportSpans() and
    // consoleExporter() (the type-level surface is in etc/api/export.public.api.md).
    expect((await load("edge-trace/export")).BatchSink).toBeUndefined();
  });
});
