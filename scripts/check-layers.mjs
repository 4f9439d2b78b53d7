// Fails when src/core imports anything outside src/core or a runtime module,
// because the core must run unchanged on every runtime (DESIGN.md, principle 1).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const coreDir = resolve("src/core");
const importPattern =
  /(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const runtimeGlobals = /\b(Deno|Bun|process|require)\s*[.(]/;
const problems = [];

for (const name of readdirSync(coreDir)) {
  if (!name.endsWith(".ts")) continue;
  const file = join(coreDir, name);
  const source = readFileSync(file, "utf8");
  for (const match of source.matchAll(importPattern)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith("./")) problems.push(`${file}: imports "${spec}"`);
  }
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
  const global = code.match(runtimeGlobals);
  if (global) problems.push(`${file}: uses the runtime global "${global[1]}"`);
}

if (problems.length > 0) {
  console.error(`Layering check failed:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("Layering check passed: src/core imports only src/core.");
