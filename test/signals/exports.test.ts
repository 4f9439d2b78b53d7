/**
 * The new subpaths resolve through the package's own exports map (types
 * first), from the built dist/, and export what the docs name.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../support/ensure-build.js";

beforeAll(() => ensureBuild(), 120_000);

const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

describe("edge-trace/logs and edge-trace/metrics", () => {
  it("export otlpLogs, httpMetrics and the caller-route names", async () => {
    expect(typeof (await load("edge-trace/logs")).otlpLogs).toBe("function");
    const metrics = await load("edge-trace/metrics");
    expect(typeof metrics.httpMetrics).toBe("function");
    expect(metrics.CALLER_ROUTE_KEY).toBe("edge-trace.caller.route");
    expect(metrics.CALLER_ROUTE_ATTRIBUTE).toBe("edge_trace.caller.route");
  });

  it("list types first, then the node build, then default in the exports map", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    for (const path of ["./logs", "./metrics"]) {
      expect(Object.keys(pkg.exports[path])).toEqual(["types", "node", "default"]);
    }
  });
});
