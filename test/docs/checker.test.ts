/**
 * The docs checker itself: it finds what is wrong in a block, says where
 * in the Markdown file, forgives a fragment only the names it leaves out,
 * checks Workers blocks against the real @cloudflare/workers-types (so the
 * `this.trace` collision of issue 20 shows), checks Deno blocks with Deno's
 * own types, Bun blocks with @types/bun, Hono-on-Node blocks with
 * @hono/node-server's, and catches a stated result that is false.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, root } from "../support/ensure-build.js";
import { packageExports } from "./support/block-files.js";
import { codeBlocks } from "./support/markdown-blocks.js";
import { isRunnable, matches, runBlocks } from "./support/run-blocks.js";
import { type DocProblem, formatProblem, typecheckBlocks } from "./support/typecheck-blocks.js";
import { createWorkspace, type Workspace } from "./support/workspace.js";

const fence = "```";
const page = [
  "# Fixture", //                                                          1
  "",
  `${fence}ts`, //                                                         3
  'import { parseTraceparent } from "edge-trace";',
  'const parsed: string = parseTraceparent("00-x");', //                   5: TS2322
  fence,
  "",
  "<!-- fragment -->",
  `${fence}ts`,
  'withTrace(handler, { inbound: "trust" }); // unknown handler: forgiven', // 10
  "withTrace(handler, { inbound: 42 });", //                               11: TS2322
  fence,
  "",
  `${fence}ts`,
  'import { WorkerEntrypoint } from "cloudflare:workers";', //             15
  'import { type Trace, traceOf, withTrace, withTraceClass } from "edge-trace/workers";',
  "interface Env { API: Fetcher }",
  "export default withTrace({",
  "  async fetch(request, env: Env, ctx, trace) {",
  "    ctx.passThroughOnException();", //                                  20
  "    return env.API.fetch(request);",
  "  },",
  "}) satisfies ExportedHandler<Env>;",
  "export const Api = withTraceClass(class extends WorkerEntrypoint<Env> {",
  "  declare readonly trace: Trace | undefined;", //                       25: TS2416, the real types
  "  async ok() { return traceOf(this)?.traceId; }",
  "});",
  fence,
  "",
  `${fence}ts`, //                                                        30
  'import { withTrace } from "npm:edge-trace/fetch";',
  "Deno.serve(withTrace((request, info, trace) => trace.fetch(request)));",
  "Deno.serveHttp();", //                                                 33: not in Deno 2's types
  fence,
  "",
  `${fence}ts`,
  'import { formatBaggage, parseBaggage } from "edge-trace";',
  'formatBaggage(parseBaggage("a=1,b=2")); // "a=1,b=2"',
  'parseBaggage("a=1").get("a"); // { value: "2" }', //                   39: false
  fence,
  "",
  "<!-- skip -->",
  `${fence}ts`,
  "not even TypeScript",
  fence,
  "",
  `${fence}ts`, //                                                        47
  'import { withTrace } from "edge-trace/fetch";',
  "Bun.serve({",
  "  fetch: withTrace((request, server: Bun.Server<undefined>, trace) => {", // 50
  "    server.requestIP(request);",
  "    server.notAMethod();", //                                          52: not in Bun's Server
  "    return new Response(trace.traceId);",
  "  }),",
  "});", //                                                               55
  fence,
  "",
  `${fence}ts`,
  'import { serve } from "@hono/node-server";',
  'import { Hono } from "hono";', //                                      60
  'import { tracing } from "edge-trace/hono";',
  "const app = new Hono();",
  "app.use(tracing());",
  'serve({ fetch: app.fetch, port: "3000" });', //                        64: port is a number
  fence,
  "",
].join("\n");

const blocks = codeBlocks(page, "fixture.md");
let workspace: Workspace | undefined;
let problems: DocProblem[] = [];
let checked = 0;

beforeAll(async () => {
  await ensureBuild();
  workspace = createWorkspace(root);
  problems = typecheckBlocks(blocks, workspace.dir, packageExports(root));
  const run = await runBlocks(blocks.filter(isRunnable), workspace.dir);
  problems.push(...run.problems);
  checked = run.checked;
}, 180_000);

afterAll(() => workspace?.dispose());

const where = (line: number) => problems.filter((p) => p.line === line).map(formatProblem);

describe("codeBlocks", () => {
  it("finds each TypeScript block with the line of its first code line and its marker", () => {
    expect(blocks.map((b) => [b.line, b.fragment, b.skip])).toEqual([
      [4, false, undefined],
      [10, true, undefined],
      [15, false, undefined],
      [31, false, undefined],
      [37, false, undefined],
      [44, false, ""],
      [48, false, undefined],
      [59, false, undefined],
    ]);
  });

  it("reads an indented fence (a block in a list) and a runtime after the language", () => {
    const [block] = codeBlocks(
      `- item\n\n  ${fence}ts deno fragment\n  const a = 1;\n  ${fence}\n`,
      "x.md",
    );
    expect(block).toMatchObject({ line: 4, indent: 2, code: "const a = 1;", runtime: "deno" });
    expect(block?.fragment).toBe(true);
  });
});

describe("typecheckBlocks", () => {
  it("reports a type error at its file, line and column", () => {
    expect(where(5)).toEqual([expect.stringMatching(/^fixture\.md:5:7 TS2322: /)]);
  });

  it("forgives a fragment the names it does not declare, and nothing else", () => {
    expect(where(10)).toEqual([]);
    expect(where(11)).toEqual([expect.stringMatching(/^fixture\.md:11:\d+ TS2322: /)]);
  });

  it("checks Workers blocks against @cloudflare/workers-types: ExportedHandler, ctx, the Tail handler's trace", () => {
    expect(problems.filter((p) => p.line >= 15 && p.line < 25)).toEqual([]);
    expect(where(25)).toEqual([expect.stringMatching(/TS2416: Property 'trace'/)]);
  });

  it("checks Deno blocks with Deno's own types", () => {
    expect(where(32)).toEqual([]);
    expect(where(33)).toEqual([expect.stringMatching(/^fixture\.md:33:\d+ TS2339: .*serveHttp/)]);
  });

  it("checks Bun blocks against @types/bun: a handler's `server` is Bun's own Server", () => {
    expect(problems.filter((p) => p.line >= 48 && p.line < 52)).toEqual([]);
    expect(where(52)).toEqual([expect.stringMatching(/^fixture\.md:52:\d+ TS2339: .*notAMethod/)]);
  });

  it("checks Hono-on-Node blocks against @hono/node-server's own types", () => {
    expect(problems.filter((p) => p.line >= 59 && p.line < 64)).toEqual([]);
    expect(where(64)).toEqual([expect.stringMatching(/^fixture\.md:64:\d+ TS2322: /)]);
  });

  it("reports a skip marker that gives no reason", () => {
    expect(where(44)).toEqual([
      "fixture.md:44:1 marker: a skipped block says why: <!-- skip: reason -->",
    ]);
  });
});

describe("runBlocks", () => {
  it("runs the core-only block and reports the stated result that is false, at its line", () => {
    expect(checked).toBe(2);
    expect(where(38)).toEqual([]);
    expect(where(39)).toEqual([
      expect.stringMatching(/^fixture\.md:39:1 the doc states \{ value: "2" \}, the code gives /),
    ]);
  });

  it("matches a stated object on the keys it names", () => {
    expect(matches({ value: "1", properties: [] }, { value: "1" })).toBe(true);
    expect(matches(new Map([["a", 1]]), { a: 1 })).toBe(true);
    expect(matches({ value: "1" }, { value: "2" })).toBe(false);
    expect(matches([1, 2], [1])).toBe(false);
    expect(matches(undefined, { value: "1" })).toBe(false);
  });
});
