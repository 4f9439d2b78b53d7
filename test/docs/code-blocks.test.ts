/**
 * Every TypeScript block of README.md and docs/*.md compiles against the
 * built package (`edge-trace/...` resolved through its `exports`, from a
 * copy of package.json and dist/) and the platforms' real types, and the
 * blocks that run on the core alone state what they really return. A
 * failure names the Markdown file, line and column. How blocks are marked
 * (`<!-- fragment -->`, `<!-- skip: why -->`, a runtime): docs/development.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, root } from "../support/ensure-build.js";
import { packageExports } from "./support/block-files.js";
import { type CodeBlock, codeBlocks } from "./support/markdown-blocks.js";
import { isRunnable, runBlocks } from "./support/run-blocks.js";
import { type DocProblem, formatProblem, typecheckBlocks } from "./support/typecheck-blocks.js";
import { createWorkspace, type Workspace } from "./support/workspace.js";

const pages = ["README.md", ...readdirSync(join(root, "docs")).map((name) => `docs/${name}`)]
  .filter((file) => file.endsWith(".md"))
  .sort();
const blocks: CodeBlock[] = pages.flatMap((file) =>
  codeBlocks(readFileSync(join(root, file), "utf8"), file),
);

let workspace: Workspace | undefined;
let compileProblems: DocProblem[] = [];
let runProblems: DocProblem[] = [];
let statedChecked = 0;

beforeAll(async () => {
  await ensureBuild();
  workspace = createWorkspace(root);
  compileProblems = typecheckBlocks(blocks, workspace.dir, packageExports(root));
  const run = await runBlocks(blocks.filter(isRunnable), workspace.dir);
  runProblems = run.problems;
  statedChecked = run.checked;
}, 180_000);

afterAll(() => workspace?.dispose());

/** The problems of one page as readable lines, in the page's order. */
const report = (problems: readonly DocProblem[], file?: string): string =>
  problems
    .filter((p) => file === undefined || p.file === file || p.file.startsWith("(docs checker"))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(formatProblem)
    .join("\n");

describe("TypeScript blocks in the docs compile against dist/ and the real platform types", () => {
  it.each(pages)("%s", (file) => {
    const hint =
      "Fix the block, or mark a deliberate piece of a program with <!-- fragment --> on the line " +
      'before its fence (docs/development.md, "Code blocks in the docs")';
    expect(report(compileProblems, file), hint).toBe("");
  });
});

describe("blocks that run on the core alone return what the docs state", () => {
  it.each(pages)("%s", (file) => {
    expect(report(runProblems, file)).toBe("");
  });

  it("checks the stated results of core-api.md (traceparent, tracestate, baggage: 5 today)", () => {
    expect(statedChecked).toBeGreaterThanOrEqual(5);
  });
});

it("checks every block except those marked skip, and the skipped ones say why", () => {
  expect(blocks.length).toBeGreaterThan(50);
  for (const block of blocks.filter((b) => b.skip !== undefined)) {
    expect(block.skip, `${block.file}:${block.line}`).not.toBe("");
  }
});
