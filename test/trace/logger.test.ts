import { describe, expect, test } from "vitest";
import { createLogger, logFields } from "../../src/trace/logger.js";
import { Tracer } from "../../src/trace/tracer.js";

const CTX = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: 1,
};

describe("logFields", () => {
  test("OpenTelemetry's trace_id, span_id and two-digit trace_flags", () => {
    expect(logFields(CTX)).toEqual({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
      trace_flags: "01",
    });
  });

  test.each([
    [0, "00"],
    [3, "03"],
    [0x10, "10"],
    [0xff, "ff"],
  ])("flags %d are written as %s (always two lowercase digits)", (flags, hex) => {
    expect(logFields({ ...CTX, traceFlags: flags }).trace_flags).toBe(hex);
  });
});

describe("createLogger: JSON lines", () => {
  function capture() {
    const lines: string[] = [];
    return { lines, write: (line: string) => lines.push(line) };
  }

  test("each level writes one JSON line with time, level, msg, fields and the correlation fields", () => {
    const { lines, write } = capture();
    const log = createLogger(CTX, write);
    log.debug("d");
    log.info("hello", { user: "alice", n: 1 });
    log.warn("w");
    log.error("e", { code: "E1" });
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => p.level)).toEqual(["debug", "info", "warn", "error"]);
    expect(parsed[1]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: "info",
      msg: "hello",
      user: "alice",
      n: 1,
      trace_id: CTX.traceId,
      span_id: CTX.spanId,
      trace_flags: "01",
    });
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
  });

  test("fields cannot overwrite the correlation fields", () => {
    const { lines, write } = capture();
    createLogger(CTX, write).info("x", { trace_id: "forged", span_id: "forged" });
    expect(JSON.parse(lines[0]!)).toMatchObject({ trace_id: CTX.traceId, span_id: CTX.spanId });
  });

  test("unserialisable fields and a failing writer never throw into the handler", () => {
    const { lines, write } = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const log = createLogger(CTX, write);
    expect(() => log.info("x", { circular })).not.toThrow();
    expect(() => log.info("x", { big: 1n })).not.toThrow();
    expect(lines).toEqual([]);
    const broken = createLogger(CTX, () => {
      throw new Error("disk full");
    });
    expect(() => broken.error("x")).not.toThrow();
  });
});

describe("trace.log and trace.logFields", () => {
  test("a trace's logger writes through the tracer's logWriter, tied to its own span", () => {
    const lines: string[] = [];
    const tracer = new Tracer({ logWriter: (line) => lines.push(line) });
    const trace = tracer.startTrace({
      name: "GET",
      kind: "server",
      inbound: { links: [], baggage: new Map() },
    });
    const child = trace.startSpan("child");
    trace.log.info("from server");
    child.log.info("from child");
    const [server, inner] = lines.map((l) => JSON.parse(l));
    expect(server).toMatchObject({ msg: "from server", ...trace.logFields() });
    expect(inner).toMatchObject({
      msg: "from child",
      trace_id: trace.traceId,
      span_id: child.spanId,
    });
    expect(trace.logFields().trace_flags).toBe("01"); // sampled; a root we start has no random flag by default
  });
});
