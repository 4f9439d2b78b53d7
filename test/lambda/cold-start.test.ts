import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sinkExporter } from "../support/sink-exporter.js";
import { collectingSink, lambdaContext, loadEvent } from "./support.js";

// `faas.coldstart` is a fact about the process, so each test loads a fresh
// copy of the module, as a new Lambda execution environment would.
async function freshWithTrace() {
  vi.resetModules();
  const { withTrace } = await import("../../src/lambda.js");
  return withTrace;
}

beforeEach(() => {
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
});
afterEach(() => {
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
});

describe("faas.coldstart", () => {
  it("is true on the first invocation of the process only", async () => {
    const withTrace = await freshWithTrace();
    const sink = collectingSink();
    const handler = withTrace(async () => "ok", { exporter: sinkExporter(sink) });
    const other = withTrace(async () => "ok", { exporter: sinkExporter(sink) });
    await handler(loadEvent("scheduled"), lambdaContext());
    await handler(loadEvent("scheduled"), lambdaContext());
    await other(loadEvent("scheduled"), lambdaContext());
    expect(sink.spans.map((s) => s.attributes["faas.coldstart"])).toEqual([true, false, false]);
  });

  it("is false with provisioned concurrency, which starts the process before any request", async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = "provisioned-concurrency";
    const withTrace = await freshWithTrace();
    const sink = collectingSink();
    await withTrace(async () => "ok", { exporter: sinkExporter(sink) })(
      loadEvent("scheduled"),
      lambdaContext(),
    );
    expect(sink.spans[0]!.attributes["faas.coldstart"]).toBe(false);
  });

  it("reads AWS_REGION for cloud.region", async () => {
    process.env.AWS_REGION = "eu-west-1";
    try {
      const withTrace = await freshWithTrace();
      const sink = collectingSink();
      await withTrace(async () => "ok", { exporter: sinkExporter(sink) })(
        loadEvent("scheduled"),
        lambdaContext(),
      );
      expect(sink.spans[0]!.attributes["cloud.region"]).toBe("eu-west-1");
    } finally {
      delete process.env.AWS_REGION;
    }
  });
});
