import { describe, expect, test } from "vitest";
import type { DiagnosticEvent } from "../../src/export/diagnostics.js";
import { readEnvConfig, samplerFromName } from "../../src/export/env-config.js";
import { parseKeyValueList } from "../../src/export/key-value-list.js";
import { tracesUrl } from "../../src/export/otlp-url.js";

function read(env: Record<string, unknown>) {
  const events: DiagnosticEvent[] = [];
  const config = readEnvConfig(env, (e) => events.push(e));
  return { config, events };
}

describe("parseKeyValueList", () => {
  test.each([
    {
      name: "simple",
      value: "a=1,b=2",
      entries: [
        ["a", "1"],
        ["b", "2"],
      ],
      invalid: [],
    },
    {
      name: "ows trimmed",
      value: " a = 1 ,\tb=2\t",
      entries: [
        ["a", "1"],
        ["b", "2"],
      ],
      invalid: [],
    },
    { name: "percent-decoded", value: "k=a%20b%2Cc%3D", entries: [["k", "a b,c="]], invalid: [] },
    { name: "utf8", value: "city=M%C3%BCnchen", entries: [["city", "München"]], invalid: [] },
    { name: "plus kept", value: "k=a+b", entries: [["k", "a+b"]], invalid: [] },
    {
      name: "raw space kept",
      value: "Authorization=Bearer abc",
      entries: [["Authorization", "Bearer abc"]],
      invalid: [],
    },
    { name: "= in value", value: "k=a=b", entries: [["k", "a=b"]], invalid: [] },
    { name: "empty value", value: "k=", entries: [["k", ""]], invalid: [] },
    {
      name: "empty members skipped",
      value: "a=1,,b=2,",
      entries: [
        ["a", "1"],
        ["b", "2"],
      ],
      invalid: [],
    },
    {
      name: "missing =",
      value: "a=1,oops,b=2",
      entries: [
        ["a", "1"],
        ["b", "2"],
      ],
      invalid: ["oops"],
    },
    { name: "empty key", value: "=v", entries: [], invalid: ["=v"] },
    { name: "broken percent", value: "k=%zz,j=1", entries: [["j", "1"]], invalid: ["k=%zz"] },
  ])("$name", ({ value, entries, invalid }) => {
    expect(parseKeyValueList(value)).toEqual({ entries, invalid });
  });
});

describe("readEnvConfig", () => {
  test("nothing set: nothing configured, no diagnostics", () => {
    const { config, events } = read({});
    expect(config).toMatchObject({ disabled: false, headers: {}, resourceAttributes: {} });
    expect(config.url).toBeUndefined();
    expect(config.sampler).toBeUndefined();
    expect(events).toEqual([]);
  });

  test("OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces appended", () => {
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }).config.url).toBe(
      "http://c:4318/v1/traces",
    );
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://c/otlp/" }).config.url).toBe(
      "https://c/otlp/v1/traces",
    );
  });

  test("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is and wins", () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://base:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://traces:9999/custom/path",
    };
    expect(read(env).config.url).toBe("http://traces:9999/custom/path");
  });

  test("an invalid endpoint is reported and ignored", () => {
    const { config, events } = read({ OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" });
    expect(config.url).toBeUndefined();
    expect(events).toEqual([
      expect.objectContaining({ type: "invalid-config", key: "OTEL_EXPORTER_OTLP_ENDPOINT" }),
    ]);
  });

  test("headers: signal-specific overlay the general ones; values decoded, never echoed", () => {
    const { config, events } = read({
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=secret%201,x-team=a,broken",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-team=b",
    });
    expect(config.headers).toEqual({ "x-api-key": "secret 1", "x-team": "b" });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("secret");
  });

  test("resource attributes: decoded; one bad member discards the variable (spec)", () => {
    expect(read({ OTEL_RESOURCE_ATTRIBUTES: "a=1,b=x%2Fy" }).config.resourceAttributes).toEqual({
      a: "1",
      b: "x/y",
    });
    const bad = read({ OTEL_RESOURCE_ATTRIBUTES: "a=1,b" });
    expect(bad.config.resourceAttributes).toEqual({});
    expect(bad.events[0]).toMatchObject({ key: "OTEL_RESOURCE_ATTRIBUTES" });
  });

  test("timeout, compression, batch sizes, disabled", () => {
    const { config, events } = read({
      OTEL_EXPORTER_OTLP_TIMEOUT: "3000",
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "2000",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "10",
      OTEL_BSP_SCHEDULE_DELAY: "0",
      OTEL_SDK_DISABLED: "TRUE",
    });
    expect(config).toMatchObject({
      timeoutMs: 2000,
      compression: "gzip",
      maxQueueSize: 100,
      maxExportBatchSize: 10,
      scheduledDelayMs: 0,
      disabled: true,
    });
    expect(events).toEqual([]);
  });

  test("OTLP exporter spec #specify-protocol: http/json and http/protobuf, the TRACES_ one winning", () => {
    expect(read({ OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" }).config.protocol).toBe(
      "http/protobuf",
    );
    const both = read({
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    });
    expect([both.config.protocol, both.events]).toEqual(["http/json", []]);
  });

  test("bad values are reported and ignored", () => {
    const { config, events } = read({
      OTEL_EXPORTER_OTLP_TIMEOUT: "soon",
      OTEL_EXPORTER_OTLP_COMPRESSION: "brotli",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_TRACES_SAMPLER: "jaeger_remote",
    });
    expect(config.timeoutMs).toBeUndefined();
    expect(config.compression).toBeUndefined();
    expect(config.sampler).toBeUndefined();
    expect(events.map((e) => e.type === "invalid-config" && e.key).sort()).toEqual([
      "OTEL_EXPORTER_OTLP_COMPRESSION",
      "OTEL_EXPORTER_OTLP_PROTOCOL",
      "OTEL_EXPORTER_OTLP_TIMEOUT",
      "OTEL_TRACES_SAMPLER",
    ]);
  });

  test("non-string env entries (Worker bindings) and empty strings are ignored", () => {
    const binding = { fetch() {} };
    const { config } = read({ OTEL_SERVICE_NAME: binding, OTEL_EXPORTER_OTLP_ENDPOINT: "  " });
    expect(config.serviceName).toBeUndefined();
    expect(config.url).toBeUndefined();
  });
});

describe("tracesUrl", () => {
  test.each([
    ["http://localhost:4318", "http://localhost:4318/v1/traces"],
    ["http://localhost:4318/", "http://localhost:4318/v1/traces"],
    ["https://x.example/otlp", "https://x.example/otlp/v1/traces"],
    ["https://x.example/otlp//", "https://x.example/otlp/v1/traces"],
  ])("%s → %s", (base, expected) => {
    expect(tracesUrl(base)).toBe(expected);
  });
  test("relative is refused", () => {
    expect(tracesUrl("/v1")).toBeUndefined();
  });
});

describe("samplerFromName", () => {
  const root = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", parentSampled: undefined };
  test.each([
    ["always_on", true, true, true],
    ["always_off", false, false, false],
    ["parentbased_always_on", true, true, false],
    ["parentbased_always_off", false, true, false],
    ["PARENTBASED_ALWAYS_ON", true, true, false],
  ])("%s: root %s, sampled parent %s, unsampled parent %s", (name, rootD, sp, up) => {
    const sampler = samplerFromName(name, 1);
    expect(sampler?.(root)).toBe(rootD);
    expect(sampler?.({ ...root, parentSampled: true })).toBe(sp);
    expect(sampler?.({ ...root, parentSampled: false })).toBe(up);
  });

  test("a bad ratio falls back to 1 and says so, naming the ratio's variable", () => {
    const { config, events } = read({
      OTEL_TRACES_SAMPLER: "traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "2",
    });
    expect(events).toEqual([expect.objectContaining({ key: "OTEL_TRACES_SAMPLER_ARG" })]);
    expect((events[0] as { key: string }).key).toMatch(/SAMPLER_ARG/);
    expect(config.sampler?.(root)).toBe(true);
  });

  test("a ratio from OTEL_TRACES_SAMPLER_ARG", () => {
    const { config } = read({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" });
    expect(config.sampler?.(root)).toBe(false);
  });

  test("an unknown name gives no sampler", () => {
    expect(samplerFromName("xray", 1)).toBeUndefined();
    expect(samplerFromName("parentbased_parentbased_always_on", 1)).toBeUndefined();
  });
});
