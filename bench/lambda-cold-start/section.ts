/**
 * The Lambda cold-start section: Init of a handler module (import until
 * the runtime's first `/next` is sent) in a new Node process each time,
 * with edge-trace + otlp() beside the same handler without it, unbundled
 * and bundled, in alternated rounds so each gives a paired difference to
 * bare. CPU is the process's user + system time over that window.
 * @module
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { table } from "../markdown.js";
import { type Stats, summarize } from "../micro/run.js";
import type { Section } from "../section.js";
import type { TargetResult } from "../targets.js";
import { type LambdaHandlerModule, writeHandlers } from "./handlers.js";

/** The target: at most this much CPU over the bare handler's Init. */
export const LAMBDA_COLD_START_MS = 5;

interface Init {
  readonly cpuMs: number;
  readonly wallMs: number;
}

const child = fileURLToPath(new URL("../lambda-cold-start/init-child.mjs", import.meta.url));

/**
 * The Node binaries to start: this one, or those `LAMBDA_NODE` lists
 * (comma-separated paths), to time the Node versions Lambda runs
 * (`LAMBDA_NODE=$(npx -y -p node@22 -- sh -c 'command -v node')`).
 */
function nodeBinaries(): string[] {
  const listed = process.env.LAMBDA_NODE?.split(",").filter(Boolean);
  return listed?.length ? listed : [process.execPath];
}

function nodeVersion(node: string): string {
  return spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^v/, "");
}

/** One Init in a new Node process, with Lambda's variables set. */
function init(node: string, handler: LambdaHandlerModule, runtimeApi: string): Init {
  const run = spawnSync(node, [child, handler.file], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, AWS_LAMBDA_RUNTIME_API: runtimeApi, AWS_REGION: "us-east-1" },
  });
  if (run.status !== 0) throw new Error(`${handler.id}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Init;
}

const ms = (stats: Stats | undefined, sign = false): string => {
  if (!stats) return "—";
  const f = (x: number): string => (sign && x >= 0 ? `+${x.toFixed(1)}` : x.toFixed(1));
  return `${f(stats.median)} (${f(stats.min)} … ${f(stats.max)})`;
};

type Row = ReturnType<typeof measure>["rows"][number];

/** Alternated rounds of every handler's Init in `node`; Δ paired with bare. */
function measure(node: string, handlers: readonly LambdaHandlerModule[], rounds: number) {
  // Nothing listens there: the registration fails after Init, as timing stops.
  const runtimeApi = "127.0.0.1:9";
  const runs = new Map<string, Init[]>(handlers.map((h) => [h.id, []]));
  for (const handler of handlers) init(node, handler, runtimeApi); // untimed: warms the file cache
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < handlers.length; i++) {
      const handler = handlers[(round + i) % handlers.length]!;
      runs.get(handler.id)!.push(init(node, handler, runtimeApi));
    }
  }
  const bare = runs.get("bare")!;
  const rows = handlers.map((h) => {
    const own = runs.get(h.id)!;
    return {
      id: h.id,
      label: h.label,
      edgeTraceFiles: h.edgeTraceFiles,
      cpuMs: summarize(own.map((r) => r.cpuMs)),
      wallMs: summarize(own.map((r) => r.wallMs)),
      cpuDiffMs:
        h.id === "bare" ? undefined : summarize(own.map((r, k) => r.cpuMs - bare[k]!.cpuMs)),
    };
  });
  return { version: nodeVersion(node), rows };
}

function targetsOf(version: string, rows: readonly Row[], rounds: number): TargetResult[] {
  return (
    rows
      // The two-entry package is a yardstick (Node's loader), not edge-trace.
      .filter((r) => r.cpuDiffMs && r.id !== "package")
      .map((r) => ({
        target: `Lambda Init on Node ${version}, ${r.label}: ≤ +${LAMBDA_COLD_START_MS} ms CPU over bare`,
        measured: `${ms(r.cpuDiffMs, true)} ms CPU (paired median, ${rounds} rounds)`,
        pass: r.cpuDiffMs!.median <= LAMBDA_COLD_START_MS,
      }))
  );
}

function rowsTable(version: string, rows: readonly Row[]): string {
  return [
    `Node ${version}:`,
    "",
    table(
      ["Handler", "files:", "CPU ms:", "Δ CPU vs bare ms:", "wall ms:"],
      rows.map((r) => [
        r.label,
        String(r.edgeTraceFiles),
        ms(r.cpuMs),
        ms(r.cpuDiffMs, true),
        ms(r.wallMs),
      ]),
    ),
  ].join("\n");
}

export const lambdaColdStartSection: Section = {
  name: "lambda-cold-start",
  async run({ options, root, outDir, log }) {
    const rounds = options.quick ? 8 : 20;
    const handlers = await writeHandlers(root, outDir);
    const results = nodeBinaries().map((node) => measure(node, handlers, rounds));
    log(
      `  lambda-cold-start: ${rounds} rounds on Node ${results.map((r) => r.version).join(", ")}`,
    );
    return {
      markdown: [
        "## Lambda cold start: Init, import → handler ready",
        `Each Init is a new Node process that does what Lambda's Node.js runtime does: load \`node:http\`, import the handler module with \`AWS_LAMBDA_RUNTIME_API\` set (so edge-trace registers its extension), then send the runtime's first \`GET /runtime/invocation/next\`, which ends Init; timed from the import until that request is sent. (Node's HTTP client internals load on a process's first request, about 2.5 ms: the runtime's \`/next\` pays that in every function, so it is inside the bare handler's window too.) CPU is the process's user + system time over that window. ${rounds} alternated rounds after one untimed Init of each; median (min … max); Δ is paired: minus bare in the same round. "Files" counts edge-trace's built files the unbundled import loads (\`dist/node/\`, what the \`node\` condition resolves to). Other Node versions: \`LAMBDA_NODE=/path/to/node,...\`.`,
        ...results.map((r) => rowsTable(r.version, r.rows)),
      ],
      targets: results.flatMap((r) => targetsOf(r.version, r.rows, rounds)),
      data: { rounds, results },
    };
  },
};
