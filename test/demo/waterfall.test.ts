import { describe, expect, it } from "vitest";
import type { DemoSpan } from "../../demo/span-tree.js";
import { toRows } from "../../demo/span-tree.js";
import { renderHtml } from "../../demo/waterfall-html.js";
import { renderTerminal } from "../../demo/waterfall-terminal.js";

const span = (id: string, parent: string | undefined, start: number, end: number): DemoSpan => ({
  traceId: "t",
  spanId: id,
  parentSpanId: parent,
  service: id.startsWith("b") ? "backend" : "frontend",
  name: `span-${id}`,
  kind: "server",
  startMs: start,
  endMs: end,
  error: id === "b2",
});

const spans = [span("b2", "a1", 30, 60), span("a1", "external", 0, 100), span("b1", "a1", 10, 20)];

describe("demo waterfall", () => {
  it("orders rows depth-first, children by start time; unknown parents are roots", () => {
    expect(toRows(spans).map((r) => [r.span.spanId, r.depth])).toEqual([
      ["a1", 0],
      ["b1", 1],
      ["b2", 1],
    ]);
  });

  it("draws bars on a shared time axis, without colour when asked", () => {
    const lines = renderTerminal(spans, { colour: false, width: 120 }).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain("ERROR");
    expect(lines.join("\n")).not.toContain("\x1b[");
    const barStart = (line: string) => line.indexOf("█");
    expect(barStart(lines[2]!)).toBeLessThan(barStart(lines[3]!));
  });

  it("writes self-contained, escaped HTML", () => {
    const html = renderHtml([{ ...spans[0]!, name: "<script>" }], "trace");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
