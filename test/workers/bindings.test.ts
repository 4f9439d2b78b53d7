/**
 * The env view against real bindings in workerd: what each binding kind
 * looks like from inside a Worker (the facts detection relies on), which
 * ones get a view, and that `env` and plain values are left untouched.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { backendWorker, frontendWorker, useWorkers } from "./harness.js";

const stack = useWorkers((c) => [
  frontendWorker(c, { queueProducers: { Q: "q-bindings" } }),
  backendWorker(c),
]);

interface Entry {
  type: string;
  tag: string;
  constructor: string | undefined;
  kind: string | null;
  identical: boolean;
  stable: boolean;
  fetchIn: boolean;
  anyName: string;
}

describe("bindings in workerd", () => {
  let result: {
    report: Record<string, Entry>;
    envIsView: boolean;
    sameKeys: boolean;
    unchanged: boolean;
  };

  beforeAll(async () => {
    const response = await stack.mf().dispatchFetch("http://frontend.test/bindings");
    expect(response.status).toBe(200);
    result = (await response.json()) as typeof result;
  });

  it("tells each kind apart by its toString tag, and RPC stubs answer every name", () => {
    const { report } = result;
    expect(report.BACKEND).toMatchObject({
      tag: "[object Fetcher]",
      constructor: "Fetcher",
      kind: "fetcher",
      // Why shape tests are useless: a service binding claims any method.
      fetchIn: true,
      anyName: "function",
    });
    expect(report.COUNTER).toMatchObject({
      tag: "[object DurableObjectNamespace]",
      constructor: "DurableObjectNamespace",
      kind: "namespace",
    });
    expect(report.Q).toMatchObject({ tag: "[object WorkerQueue]", kind: "queue" });
    expect(report.KV).toMatchObject({
      tag: "[object KvNamespace]",
      kind: null,
      anyName: "undefined",
    });
    expect(report.R2).toMatchObject({ tag: "[object R2Bucket]", kind: null, anyName: "undefined" });
    expect(report.D1).toMatchObject({
      tag: "[object Object]",
      constructor: "D1Database",
      kind: null,
    });
    expect(report.VAR).toMatchObject({ type: "string", kind: null });
    expect(report.SECRET).toMatchObject({ type: "string", kind: null });
    expect(report.JSON_VAR).toMatchObject({ tag: "[object Object]", kind: null });
  });

  it("passes every non-fetching value through as the very same value", () => {
    for (const key of ["KV", "R2", "D1", "Q", "VAR", "SECRET", "JSON_VAR", "COLLECTOR"]) {
      expect(result.report[key]?.identical, key).toBe(true);
    }
  });

  it("views the fetching bindings, one view per request", () => {
    for (const key of ["BACKEND", "COUNTER"]) {
      expect(result.report[key]?.identical, key).toBe(false);
      expect(result.report[key]?.stable, key).toBe(true);
    }
  });

  it("never mutates env, and the view has the same keys", () => {
    expect(result.envIsView).toBe(true);
    expect(result.sameKeys).toBe(true);
    expect(result.unchanged).toBe(true);
  });
});
