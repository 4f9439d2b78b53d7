/**
 * The TypeScript code blocks of a Markdown page, with where they start and
 * what their marker says. A marker is an HTML comment on the line before
 * the fence (`<!-- fragment -->`, `<!-- skip: why -->`), or a word after
 * the fence's language (```` ```ts fragment ````):
 *
 * - `fragment`: a piece of a larger program. It is type-checked with the
 *   names it uses but does not declare filled in (see block-files.ts),
 *   and never run.
 * - `skip: <reason>`: not checked at all; the reason is required.
 * - `workers`, `node`, `deno`, `bun`: the runtime whose types it is checked
 *   against, when guessing from its imports would be wrong.
 * @module
 */

/** Where a block's types come from. */
export type Runtime = "workers" | "node" | "deno" | "bun";

export interface CodeBlock {
  /** The Markdown file, relative to the repository (as it appears in reports). */
  readonly file: string;
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number;
  /** Spaces the fence was indented by (stripped from each code line). */
  readonly indent: number;
  readonly code: string;
  readonly fragment: boolean;
  /** Why the block is not checked; `undefined` when it is. */
  readonly skip: string | undefined;
  /** The runtime a marker names, if one does. */
  readonly runtime: Runtime | undefined;
  /** A marker the checker does not understand: reported, never ignored. */
  readonly markerError: string | undefined;
}

const TS_LANGUAGES = new Set(["ts", "typescript", "mts"]);
const RUNTIMES = new Set<string>(["workers", "node", "deno", "bun"]);
const MARKER = /^<!--\s*(.*?)\s*-->$/;

/**
 * @param markdown - the page's text.
 * @param file - its path, for reports.
 * @returns its TypeScript blocks, in order.
 */
export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(```+|~~~+)\s*([\w-]*)(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, spaces = "", fence = "", language = "", rest = ""] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? "").trim().startsWith(fence)) end++;
    if (TS_LANGUAGES.has(language.toLowerCase())) {
      const code = lines
        .slice(i + 1, end)
        .map((line) => line.slice(Math.min(spaces.length, line.length - line.trimStart().length)))
        .join("\n");
      const marker = markerBefore(lines, i);
      const words = [...rest.trim().split(/\s+/).filter(Boolean), ...marker.words];
      blocks.push({ file, line: i + 2, indent: spaces.length, code, ...readWords(words, marker) });
    }
    i = end;
  }
  return blocks;
}

interface Marker {
  readonly words: string[];
  readonly reason: string | undefined;
}

/** The marker comment on the line before the fence; only comments that start with a marker word. */
function markerBefore(lines: readonly string[], fenceIndex: number): Marker {
  const comment = MARKER.exec((lines[fenceIndex - 1] ?? "").trim())?.[1];
  if (comment === undefined) return { words: [], reason: undefined };
  const colon = comment.indexOf(":");
  const head = colon < 0 ? comment : comment.slice(0, colon);
  const words = head.split(/[\s,]+/).filter(Boolean);
  if (!["fragment", "skip", ...RUNTIMES].includes(words[0] ?? "")) {
    return { words: [], reason: undefined };
  }
  return { words, reason: colon < 0 ? undefined : comment.slice(colon + 1).trim() };
}

function readWords(
  words: readonly string[],
  marker: Marker,
): Pick<CodeBlock, "fragment" | "skip" | "runtime" | "markerError"> {
  const unknown = words.filter(
    (word) => word !== "fragment" && word !== "skip" && !RUNTIMES.has(word),
  );
  const runtimes = words.filter((word) => RUNTIMES.has(word)) as Runtime[];
  const skipped = words.includes("skip");
  let markerError: string | undefined;
  if (unknown.length > 0) markerError = `unknown marker word(s): ${unknown.join(", ")}`;
  else if (runtimes.length > 1) markerError = `more than one runtime: ${runtimes.join(", ")}`;
  else if (skipped && !marker.reason)
    markerError = "a skipped block says why: <!-- skip: reason -->";
  return {
    fragment: words.includes("fragment"),
    skip: skipped ? (marker.reason ?? "") : undefined,
    runtime: runtimes[0],
    markerError,
  };
}
