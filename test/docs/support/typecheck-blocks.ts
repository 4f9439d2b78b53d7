/**
 * Type-checks code blocks against the built package and the platforms'
 * real types, one program per environment: Workers blocks with
 * `@cloudflare/workers-types` alone (plus `@types/node` when a block
 * imports `node:*`, as with `nodejs_compat`), Lambda, Hono-on-Node and
 * core blocks with `@types/node` (`@types/aws-lambda` when imported), Bun
 * blocks with `@types/bun` (Bun's own types, which include Node's, as Bun
 * implements Node's modules), Deno blocks with `deno check` (Deno's own
 * types). Each diagnostic is reported at its line in the Markdown file.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { moduleText, type PackageExports, runtimeOf } from "./block-files.js";
import type { CodeBlock } from "./markdown-blocks.js";

/** One problem, at a place in a Markdown file. */
export interface DocProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Environment = "workers" | "workers-node" | "node" | "bun" | "deno";

const WORKERS_TYPES = "@cloudflare/workers-types/2023-07-01";
const TYPES: Record<Exclude<Environment, "deno">, string[]> = {
  workers: [WORKERS_TYPES],
  "workers-node": [WORKERS_TYPES, "node"],
  node: ["node"],
  bun: ["bun"],
};

/** What a fragment may leave out: names it does not declare, repeated declarations. */
const FORGIVEN_IN_FRAGMENTS = new Set([2304, 2552, 18004, 2528, 2323, 2451, 2300, 2393]);

interface Placed {
  readonly block: CodeBlock;
  readonly environment: Environment;
  readonly path: string;
}

/**
 * @param blocks - the blocks to check (skipped ones are passed over).
 * @param dir - a workspace (see workspace.ts).
 * @param exports - what the built package exports.
 * @returns every problem found, in no particular order.
 */
export function typecheckBlocks(
  blocks: readonly CodeBlock[],
  dir: string,
  exports: PackageExports,
): DocProblem[] {
  const problems: DocProblem[] = [];
  const placed: Placed[] = [];
  for (const block of blocks) {
    if (block.markerError) problems.push(at(block, 0, 0, `marker: ${block.markerError}`));
    if (block.skip !== undefined || block.markerError) continue;
    const runtime = runtimeOf(block);
    const environment: Environment =
      runtime === "workers" && /from\s+["']node:/.test(block.code) ? "workers-node" : runtime;
    const name = `${block.file.replace(/[^\w]+/g, "-")}-${block.line}.ts`;
    const path = join(dir, environment, name);
    mkdirSync(join(dir, environment), { recursive: true });
    writeFileSync(path, moduleText(block, runtime, exports));
    placed.push({ block, environment, path });
  }
  for (const environment of Object.keys(TYPES) as (keyof typeof TYPES)[]) {
    const mine = placed.filter((p) => p.environment === environment);
    if (mine.length > 0) problems.push(...compile(dir, environment, mine));
  }
  const deno = placed.filter((p) => p.environment === "deno");
  if (deno.length > 0) problems.push(...denoCheck(dir, deno));
  return problems;
}

function compile(dir: string, environment: keyof typeof TYPES, placed: Placed[]): DocProblem[] {
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023"],
      types: TYPES[environment],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ["*.ts"],
  };
  const configPath = join(dir, environment, "tsconfig.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!parsed) throw new Error(`unreadable ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const byPath = new Map(placed.map((p) => [program.getSourceFile(p.path)?.fileName ?? p.path, p]));
  const problems: DocProblem[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ");
    const owner = diagnostic.file && byPath.get(diagnostic.file.fileName);
    if (!owner || diagnostic.start === undefined) {
      problems.push({ file: `(docs checker, ${environment})`, line: 0, column: 0, message });
      continue;
    }
    if (owner.block.fragment && FORGIVEN_IN_FRAGMENTS.has(diagnostic.code)) continue;
    const where = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    problems.push(at(owner.block, where.line, where.character, `TS${diagnostic.code}: ${message}`));
  }
  return problems;
}

/** `deno check` with Deno's own types; its report read back to each block's lines. */
function denoCheck(dir: string, placed: Placed[]): DocProblem[] {
  // The workspace links the repository's packages: the `deno` package's binary.
  const deno = join(dir, "node_modules", "deno", "deno");
  const result = spawnSync(
    deno,
    ["check", "--quiet", "--config", join(dir, "deno.json"), ...placed.map((p) => p.path)],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  const problems: DocProblem[] = [];
  const pattern = /^(TS\d+) \[ERROR\]: (.*)$[\s\S]*?^\s+at file:\/\/(\S+):(\d+):(\d+)$/gm;
  let parsed = 0;
  for (const [, code, message, file, line, column] of output.matchAll(pattern)) {
    parsed++;
    const owner = placed.find((p) => p.path === file);
    if (!owner) {
      problems.push({
        file: `(docs checker, deno) ${file}`,
        line: Number(line),
        column: Number(column),
        message: `${code}: ${message}`,
      });
      continue;
    }
    if (owner.block.fragment && FORGIVEN_IN_FRAGMENTS.has(Number(code?.slice(2)))) continue;
    problems.push(at(owner.block, Number(line) - 1, Number(column) - 1, `${code}: ${message}`));
  }
  // A failure that is not a type error (a module that does not resolve, a crash): all of it.
  if (result.status !== 0 && parsed === 0) {
    problems.push({ file: "(docs checker, deno)", line: 0, column: 0, message: output.trim() });
  }
  return problems;
}

/** A problem at 0-based `line`/`character` of the block, as a place in the Markdown file. */
function at(block: CodeBlock, line: number, character: number, message: string): DocProblem {
  if (line >= block.code.split("\n").length) {
    // Past the block's own lines: in what the checker appended (block-files.ts).
    const appended = `(in the names the checker filled in) ${message}`;
    return { file: block.file, line: block.line - 1, column: 1, message: appended };
  }
  return {
    file: block.file,
    line: block.line + line,
    column: block.indent + character + 1,
    message,
  };
}

/**
 * @param problem - a problem.
 * @returns it as one readable line: `docs/x.md:12:5 TS2304: ...`.
 */
export function formatProblem(problem: DocProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message}`;
}
