/**
 * Turns a code block into the module the checker compiles: the block's own
 * lines first and unchanged (so a diagnostic's line is the doc's line),
 * then `export {};` (every block is its own module), and for a fragment a
 * prelude that fills in what it uses without declaring: the edge-trace
 * export of that name (from the block's adapter first), and `trace` and
 * `request` typed as the docs use them. Anything else a fragment
 * leaves undeclared is unknown to the checker, and only that is forgiven.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import type { CodeBlock, Runtime } from "./markdown-blocks.js";

/** The package's entry points and the names each exports, in the package's order. */
export type PackageExports = ReadonlyMap<string, ReadonlySet<string>>;

/** The adapter whose `withTrace` a fragment of each runtime means. */
const ADAPTER: Record<Runtime, string> = {
  workers: "edge-trace/workers",
  node: "edge-trace/lambda",
  deno: "edge-trace/fetch",
  bun: "edge-trace/fetch",
};

/** Names the docs use for the handler's context without declaring them. */
const CONTEXT_NAMES: Record<string, string> = {
  trace: 'import("edge-trace").Trace',
  request: "Request",
};

/**
 * @param block - a code block.
 * @returns the runtime whose types it is checked against: its marker's,
 *   or the one its imports and globals show.
 */
export function runtimeOf(block: CodeBlock): Runtime {
  if (block.runtime) return block.runtime;
  const code = block.code;
  if (/\bDeno\.|["']npm:/.test(code)) return "deno";
  if (/\bBun\./.test(code)) return "bun";
  const workers =
    /edge-trace\/workers|cloudflare:workers|request\.cf\b|\b(ExportedHandler|Fetcher|DurableObject|DurableObjectNamespace|D1Database|KVNamespace|ExecutionContext|Service)\b/;
  return workers.test(code) ? "workers" : "node";
}

/**
 * @param block - a code block.
 * @param runtime - its runtime.
 * @param exports - what the built package exports.
 * @returns the module text to compile.
 */
export function moduleText(block: CodeBlock, runtime: Runtime, exports: PackageExports): string {
  const lines = [block.code, "export {};"];
  if (block.fragment) lines.push(...prelude(block.code, runtime, exports));
  return `${lines.join("\n")}\n`;
}

function prelude(code: string, runtime: Runtime, exports: PackageExports): string[] {
  const declared = declaredNames(code);
  const used = new Set(code.match(/[A-Za-z_$][\w$]*/g));
  const order = [ADAPTER[runtime], "edge-trace", ...exports.keys()];
  const imports = new Map<string, string[]>();
  const lines = [
    "// Filled in by the docs checker: names this fragment uses but does not declare.",
  ];
  for (const name of used) {
    if (declared.has(name)) continue;
    const entry = order.find((specifier) => exports.get(specifier)?.has(name));
    if (entry) imports.set(entry, [...(imports.get(entry) ?? []), name]);
    else if (CONTEXT_NAMES[name]) lines.push(`declare const ${name}: ${CONTEXT_NAMES[name]};`);
  }
  for (const [entry, names] of imports)
    lines.push(`import { ${names.join(", ")} } from "${entry}";`);
  return lines;
}

/** Every name the block declares at its top level, imports included. */
function declaredNames(code: string): Set<string> {
  const source = ts.createSourceFile("block.ts", code, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  const bind = (name: ts.BindingName | ts.Identifier | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      bind(clause?.name);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) bind(bindings.name);
      if (bindings && ts.isNamedImports(bindings))
        for (const item of bindings.elements) bind(item.name);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)
    ) {
      bind(statement.name);
    }
  }
  return names;
}

/**
 * @param root - the repository.
 * @returns the names each entry of its package.json `exports` (`"."`,
 *   `"./workers"`, ...) declares in its built declarations.
 */
export function packageExports(root: string): PackageExports {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    exports: Record<string, unknown>;
  };
  const entries = Object.keys(manifest.exports).filter((entry) => !entry.endsWith(".json"));
  const files = new Map(
    entries.map((entry) => {
      const name = entry === "." ? "index" : entry.slice(2);
      return [
        `${root}/dist/${name}.d.ts`,
        entry === "." ? "edge-trace" : `edge-trace/${entry.slice(2)}`,
      ];
    }),
  );
  const program = ts.createProgram([...files.keys()], { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const result = new Map<string, Set<string>>();
  for (const [file, specifier] of files) {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    const names = symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()) : [];
    result.set(specifier, new Set(names));
  }
  return result;
}
