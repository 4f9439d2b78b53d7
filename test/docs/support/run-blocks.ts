/**
 * Runs the blocks that need nothing but the package's pure core (every
 * import is `edge-trace` or `edge-trace/propagation`, and the block is not
 * a fragment), and checks what they state. A statement states its result
 * with a comment that is a JavaScript value, on its line or the next:
 *
 *     state?.get("rojo"); // "00f067aa0ba902b7"
 *
 * Strings, numbers, booleans, `null`, `undefined`, arrays and objects
 * count; a comment with an ellipsis ("…", "...") or that is not a value
 * is prose. An object states the keys it names (the result may have more).
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect, isDeepStrictEqual } from "node:util";
import ts from "typescript";
import type { CodeBlock } from "./markdown-blocks.js";
import type { DocProblem } from "./typecheck-blocks.js";

const CORE = new Set(["edge-trace", "edge-trace/propagation"]);

interface Stated {
  /** 0-based line in the block. */
  readonly line: number;
  readonly text: string;
  readonly value: unknown;
}

/**
 * @param block - a code block.
 * @returns whether it can run as it is, with the package's core only.
 */
export function isRunnable(block: CodeBlock): boolean {
  if (block.fragment || block.skip !== undefined || block.runtime) return false;
  if (/^\s*export\b/m.test(block.code)) return false; // a module for a runtime to load
  const imports = [...block.code.matchAll(/^\s*import\b[^"']*["']([^"']+)["']/gm)].map((m) => m[1]);
  return imports.length > 0 && imports.every((specifier) => CORE.has(specifier ?? ""));
}

/**
 * @param blocks - runnable blocks.
 * @param dir - a workspace (see workspace.ts), where `edge-trace` resolves.
 * @returns what failed, and how many stated results were checked.
 */
export async function runBlocks(
  blocks: readonly CodeBlock[],
  dir: string,
): Promise<{ problems: DocProblem[]; checked: number }> {
  const problems: DocProblem[] = [];
  let checked = 0;
  for (const [index, block] of blocks.entries()) {
    const { code, stated } = instrument(block.code);
    const js = ts.transpileModule(code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const path = join(dir, `run-${index}.mjs`);
    writeFileSync(path, js);
    const place = (line: number) => ({
      file: block.file,
      line: block.line + line,
      column: block.indent + 1,
    });
    try {
      const module = (await import(pathToFileURL(path).href)) as {
        default(expect: (id: number, actual: unknown) => void): Promise<void>;
      };
      await module.default((id, actual) => {
        const claim = stated[id]!;
        checked++;
        if (!matches(actual, claim.value)) {
          const message = `the doc states ${claim.text}, the code gives ${inspect(actual, { depth: 6 })}`;
          problems.push({ ...place(claim.line), message });
        }
      });
    } catch (error) {
      problems.push({ ...place(0), message: `the block throws: ${String(error)}` });
    }
  }
  return { problems, checked };
}

/**
 * Moves the block into `export default async function (expect)` (imports
 * stay on top) and routes each statement that states a result through it.
 */
function instrument(code: string): { code: string; stated: Stated[] } {
  const source = ts.createSourceFile("block.ts", code, ts.ScriptTarget.Latest, true);
  const imports: string[] = [];
  const body: string[] = [];
  const stated: Stated[] = [];
  for (const statement of source.statements) {
    const text = code.slice(statement.getStart(source), statement.end);
    if (ts.isImportDeclaration(statement)) imports.push(text);
    else if (ts.isExpressionStatement(statement)) {
      const claim = statedResult(code, statement, source);
      if (!claim) body.push(text);
      else {
        body.push(`__expect(${stated.length}, (${statement.expression.getText(source)}));`);
        stated.push(claim);
      }
    } else body.push(text);
  }
  const wrapped = `${imports.join("\n")}\nexport default async function (__expect: (id: number, actual: unknown) => void) {\n${body.join("\n")}\n}\n`;
  return { code: wrapped, stated };
}

function statedResult(
  code: string,
  statement: ts.Statement,
  source: ts.SourceFile,
): Stated | undefined {
  const sameLine = ts.getTrailingCommentRanges(code, statement.end)?.[0];
  const nextLine = ts.getLeadingCommentRanges(code, statement.end)?.[0];
  const comment =
    sameLine ??
    (nextLine && code.slice(statement.end, nextLine.pos).split("\n").length === 2
      ? nextLine
      : undefined);
  if (!comment || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) return undefined;
  const text = code.slice(comment.pos + 2, comment.end).trim();
  if (/…|\.\.\./.test(text) || !/^(["'{[\d-]|true\b|false\b|null\b|undefined\b)/.test(text))
    return undefined;
  let value: unknown;
  try {
    value = new Function(`return (${text});`)();
  } catch {
    return undefined; // prose that starts like a value
  }
  const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line;
  return { line, text, value };
}

/** `actual` is what `stated` says: equal, or for an object, equal on every key it names. */
export function matches(actual: unknown, stated: unknown): boolean {
  if (stated === null || typeof stated !== "object") return Object.is(actual, stated);
  if (Array.isArray(stated)) {
    return (
      Array.isArray(actual) &&
      actual.length === stated.length &&
      stated.every((item, i) => matches(actual[i], item))
    );
  }
  if (actual === null || typeof actual !== "object") return false;
  const record =
    actual instanceof Map ? Object.fromEntries(actual) : (actual as Record<string, unknown>);
  return Object.entries(stated).every(([key, value]) =>
    key in record ? matches(record[key], value) : isDeepStrictEqual(value, undefined),
  );
}
