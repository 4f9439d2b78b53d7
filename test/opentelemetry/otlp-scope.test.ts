/**
 * OTLP/JSON with instrumentation scopes: spans from tracers of
 * @opentelemetry/api go out under their own `ScopeSpans` (name, version,
 * schema URL), edge-trace's under its own, in one valid request.
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto (ScopeSpans)
 */
import { describe, expect, it } from "vitest";
import { encodeTraceRequest } from "../../src/export/otlp-json.js";
import { SDK_NAME, VERSION } from "../../src/export/version.js";
import type { InstrumentationScope } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";
import { validateOtlpJson } from "../support/otlp-receiver.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const ai: InstrumentationScope = { name: "ai" };
const db: InstrumentationScope = {
  name: "db-lib",
  version: "2.1.0",
  schemaUrl: "https://opentelemetry.io/schemas/1.26.0",
};

const span = (spanId: string, scope?: InstrumentationScope) =>
  finishedSpan({
    traceId: TRACE,
    spanId,
    startTime: 1_800_000_000_000,
    endTime: 1_800_000_000_001,
    scope,
  });

describe("encodeTraceRequest groups spans by instrumentation scope", () => {
  it("one ScopeSpans per scope, in order of first appearance, spans in their order", () => {
    const body = encodeTraceRequest(
      [
        span("0000000000000001"),
        span("0000000000000002", ai),
        span("0000000000000003", db),
        span("0000000000000004", ai),
        span("0000000000000005"),
      ],
      { "service.name": "shop" },
    );
    expect(validateOtlpJson(JSON.parse(JSON.stringify(body)))).toEqual([]);
    const scopes = body.resourceSpans[0]!.scopeSpans;
    expect(scopes.map((s) => s.scope)).toEqual([
      { name: SDK_NAME, version: VERSION },
      { name: "ai", version: undefined },
      { name: "db-lib", version: "2.1.0" },
    ]);
    expect(scopes.map((s) => s.schemaUrl)).toEqual([undefined, undefined, db.schemaUrl]);
    expect(scopes.map((s) => s.spans.map((x) => x.spanId.slice(-1)))).toEqual([
      ["1", "5"],
      ["2", "4"],
      ["3"],
    ]);
  });

  it("edge-trace's own spans alone keep the one scope they always had", () => {
    const body = encodeTraceRequest([span("0000000000000001")], {});
    expect(body.resourceSpans[0]!.scopeSpans).toEqual([
      {
        scope: { name: SDK_NAME, version: VERSION },
        schemaUrl: undefined,
        spans: [expect.any(Object)],
      },
    ]);
  });
});
