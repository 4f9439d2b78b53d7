/**
 * Reads the parts of a `wrangler.toml` the demo needs to run a Worker as
 * `wrangler dev` would: name, main, compatibility date and flags, `[vars]`
 * and `[[services]]` bindings. A small TOML subset reader: importing
 * wrangler itself to parse it would take seconds.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** One Worker's configuration. */
export interface WorkerConfig {
  readonly name: string;
  /** The entry module, resolved against the config file's directory. */
  readonly main: string;
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  readonly vars: Readonly<Record<string, string>>;
  readonly services: ReadonlyArray<{ readonly binding: string; readonly service: string }>;
}

type Value = string | number | boolean | Value[] | Table;
interface Table {
  [key: string]: Value;
}

/**
 * @param path - the wrangler.toml file.
 * @returns the Worker's configuration.
 */
export function readWranglerConfig(path: string): WorkerConfig {
  const doc = parseToml(readFileSync(path, "utf8"));
  const vars = (doc.vars ?? {}) as Table;
  const services = (doc.services ?? []) as Table[];
  return {
    name: String(doc.name),
    main: resolve(dirname(path), String(doc.main)),
    compatibilityDate: String(doc.compatibility_date ?? "2025-04-01"),
    compatibilityFlags: ((doc.compatibility_flags ?? []) as Value[]).map(String),
    vars: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])),
    services: services.map((s) => ({ binding: String(s.binding), service: String(s.service) })),
  };
}

/**
 * Parses the TOML that Worker configs use: comments, `[table]`,
 * `[[array]]`, dotted keys in headers, and values that are strings,
 * numbers, booleans, one-line arrays and inline tables.
 * @param text - the file's contents.
 * @returns the document.
 */
export function parseToml(text: string): Table {
  const doc: Table = {};
  let current = doc;
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    // A value may span lines (an array written one item per line).
    const line = `${pending} ${stripComment(raw)}`.trim();
    if (line === "") continue;
    if (line.includes("=") && !isBalanced(line)) {
      pending = line;
      continue;
    }
    pending = "";
    const header = /^(\[\[?)\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const keys = header[2]!.split(".").map((k) => k.trim().replace(/^"|"$/g, ""));
      const last = keys.pop()!;
      const parent = keys.reduce<Table>((table, key) => member(table, key, {}) as Table, doc);
      if (header[1] === "[[") {
        current = {};
        (member(parent, last, []) as Table[]).push(current);
      } else {
        current = member(parent, last, {}) as Table;
      }
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().replace(/^"|"$/g, "");
    current[key] = new ValueReader(line.slice(eq + 1).trim()).read();
  }
  return doc;
}

/** The table's member `key`, set to `initial` first if missing. */
function member(table: Table, key: string, initial: Value): Value {
  if (!(key in table)) table[key] = initial;
  return table[key]!;
}

function isBalanced(line: string): boolean {
  const stripped = line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, "");
  const count = (re: RegExp): number => stripped.match(re)?.length ?? 0;
  return count(/[[{]/g) === count(/[\]}]/g);
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

class ValueReader {
  #i = 0;
  constructor(readonly text: string) {}

  read(): Value {
    this.#space();
    const c = this.text[this.#i];
    if (c === '"' || c === "'") return this.#string(c);
    if (c === "[") return this.#list("]", () => this.read()) as Value[];
    if (c === "{") {
      const table: Table = {};
      this.#list("}", () => {
        const key = /^[\w-]+|^"[^"]*"/.exec(this.text.slice(this.#i))?.[0] ?? "";
        this.#i += key.length;
        this.#space();
        this.#i++; // "="
        table[key.replace(/^"|"$/g, "")] = this.read();
      });
      return table;
    }
    const word = /^[^,\]}\s]+/.exec(this.text.slice(this.#i))?.[0] ?? "";
    this.#i += word.length;
    if (word === "true" || word === "false") return word === "true";
    return Number(word.replaceAll("_", ""));
  }

  #list(close: string, item: () => unknown): unknown[] {
    const items: unknown[] = [];
    this.#i++;
    for (;;) {
      this.#space();
      if (this.text[this.#i] === close || this.#i >= this.text.length) break;
      items.push(item());
      this.#space();
      if (this.text[this.#i] === ",") this.#i++;
    }
    this.#i++;
    return items;
  }

  #string(quote: string): string {
    let out = "";
    for (this.#i++; this.#i < this.text.length && this.text[this.#i] !== quote; this.#i++) {
      const c = this.text[this.#i]!;
      if (c === "\\" && quote === '"') {
        const next = this.text[++this.#i]!;
        out += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[next] ?? next;
      } else out += c;
    }
    this.#i++;
    return out;
  }

  #space(): void {
    while (/\s/.test(this.text[this.#i] ?? "")) this.#i++;
  }
}
