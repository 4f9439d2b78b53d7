import { describe, expect, test } from "vitest";
import {
  createConsoleExporter,
  duration,
  formatSpanLine,
} from "../../src/export/console-exporter.js";
import type { ExportContext } from "../../src/export/export-function.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";
import { finishedSpan } from "../support/finished-span.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const T0 = 1_700_000_000_000;

function span(o: Partial<FinishedSpan> & Pick<FinishedSpan, "spanId" | "name">): FinishedSpan {
  return finishedSpan({ traceId: TRACE, startTime: T0, endTime: T0 + 1, ...o });
}

const server = span({
  spanId: "a000000000000001",
  parentSpanId: "ffffffffffffffff", // a remote caller, not in the batch
  name: "GET /users/:id",
  kind: "server",
  endTime: T0 + 42.25,
  attributes: { "http.response.status_code": 500, "url.path": "/users/7" },
  status: { code: "error", message: "db down" },
});
const db = span({
  spanId: "a000000000000002",
  parentSpanId: server.spanId,
  name: "db.query",
  startTime: T0 + 1,
  endTime: T0 + 31,
  attributes: { "db.statement": "select * from users" },
  events: [{ name: "exception", time: T0 + 30, attributes: { "exception.message": "timeout" } }],
});
const call = span({
  spanId: "a000000000000003",
  parentSpanId: server.spanId,
  name: "GET",
  kind: "client",
  startTime: T0 + 32,
  endTime: T0 + 40,
  status: { code: "ok" },
});
const other = span({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b000000000000001",
  name: "cron",
  endTime: T0 + 1500,
});

const ctx: ExportContext = {
  deadline: Date.now() + 1000,
  signal: new AbortController().signal,
  resource: {},
};

describe("console exporter", () => {
  test("tree: one block per trace, children under parents in start order, with durations", async () => {
    const out: string[] = [];
    // Out of order on purpose: the tree is built from parent ids and start times.
    await createConsoleExporter({ write: (t) => out.push(t) })([call, other, db, server], ctx);
    expect(out).toEqual([
      [
        `trace ${TRACE}`,
        '└─ GET /users/:id server 42.3 ms ERROR "db down" http.response.status_code=500 url.path=/users/7',
        '   ├─ db.query internal 30.0 ms db.statement="select * from users"',
        "   │  • exception +29.0 ms exception.message=timeout",
        "   └─ GET client 8.00 ms OK",
      ].join("\n"),
      ["trace 0af7651916cd43dd8448eb211c80319c", "└─ cron internal 1.50 s"].join("\n"),
    ]);
  });

  test("line: one line per span with ids", async () => {
    const out: string[] = [];
    await createConsoleExporter({ write: (t) => out.push(t), format: "line" })([db], ctx);
    expect(out).toEqual([
      `db.query internal 30.0 ms db.statement="select * from users" trace=${TRACE} span=a000000000000002 parent=a000000000000001`,
    ]);
    expect(formatSpanLine(other)).not.toContain("parent=");
  });

  test("writes to console.log by default", async () => {
    const original = console.log;
    const seen: unknown[] = [];
    console.log = (...args: unknown[]) => seen.push(args[0]);
    try {
      await createConsoleExporter()([other], ctx);
    } finally {
      console.log = original;
    }
    expect(seen).toHaveLength(1);
  });

  test.each([
    [0.4, "0.40 ms"],
    [12.345, "12.3 ms"],
    [999.9, "999.9 ms"],
    [1250, "1.25 s"],
  ])("duration(%d) = %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
