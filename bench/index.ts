/**
 * `npm run bench`: edge-trace side by side with the incumbents, in one run.
 * Each section (micro, size, load, cold-start, memory, signals, protobuf, bindings, …) is a module
 * implementing {@link Section}; the targets table collects their rows. Tables go to stdout and to bench/out/results.md.
 *
 * Flags: `--quick` (short run, no wrangler), `--only=micro,size,load,cold-start,lambda-cold-start,lambda-collector,memory,signals,profile,opentelemetry,protobuf,bindings`,
 * `--runtimes=node,bun,deno,workerd`, `--no-wrangler`, `--clock=wall`
 * (elapsed time instead of the runtime's CPU time).
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { bindingsSection } from "./bindings/section.js";
import { coldStartSection } from "./cold-start/section.js";
import { lambdaColdStartSection } from "./lambda-cold-start/section.js";
import { lambdaCollectorSection } from "./lambda-collector/section.js";
import { loadSection } from "./load/section.js";
import { memorySection } from "./memory/section.js";
import { RUNTIMES } from "./micro/runtimes.js";
import { microSection } from "./micro/section.js";
import { openTelemetrySection } from "./opentelemetry/section.js";
import { profileSection } from "./profile/section.js";
import { protobufSection } from "./protobuf/section.js";
import type { BenchOptions, Section } from "./section.js";
import { signalsSection } from "./signals/section.js";
import { sizeSection } from "./size/section.js";
import { type TargetResult, targetsTable } from "./targets.js";

/** Every section, in report order. */
const SECTIONS: readonly Section[] = [
  microSection,
  sizeSection,
  loadSection,
  coldStartSection,
  lambdaColdStartSection,
  lambdaCollectorSection,
  memorySection,
  signalsSection,
  profileSection,
  openTelemetrySection,
  protobufSection,
  bindingsSection,
];

function parseOptions(argv: readonly string[]): BenchOptions & { sections: readonly Section[] } {
  const list = <T extends string>(name: string, all: readonly T[]): readonly T[] => {
    const value = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    if (value === undefined) return all;
    const picked = value.split(",").filter((v): v is T => all.includes(v as T));
    if (picked.length === 0) throw new Error(`--${name}: choose from ${all.join(", ")}`);
    return picked;
  };
  const quick = argv.includes("--quick");
  const only = list(
    "only",
    SECTIONS.map((s) => s.name),
  );
  return {
    quick,
    sections: SECTIONS.filter((s) => only.includes(s.name)),
    runtimes: list("runtimes", RUNTIMES),
    wrangler: !quick && !argv.includes("--no-wrangler"),
    clock: argv.includes("--clock=wall") ? "wall" : "cpu",
  };
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The commit measured, and whether src/ differed from it (sections bundle the working tree). */
function revision(root: string): string {
  const git = (...args: string[]): string =>
    spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("rev-parse", "--short", "HEAD");
  if (!commit) return "";
  return ` · commit ${commit}${git("status", "--porcelain", "--", "src") ? " + uncommitted src/ changes" : ""}`;
}

function header(quick: boolean, startedAt: Date, seconds: number, root: string): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return [
    `# edge-trace benchmark${quick ? " (--quick)" : ""}`,
    `${startedAt.toISOString()} · ${cpu[0]?.model ?? "?"} × ${cpu.length} · load ${load} · Node ${process.versions.node} · ${seconds.toFixed(0)} s${revision(root)}`,
  ].join("\n\n");
}

async function main(): Promise<void> {
  const { sections, ...options } = parseOptions(process.argv.slice(2));
  const root = process.cwd();
  const outDir = join(root, "bench/out");
  await mkdir(outDir, { recursive: true });
  const startedAt = new Date();
  const blocks: string[] = [];
  const targets: TargetResult[] = [];
  const data: Record<string, unknown> = {};
  for (const section of sections) {
    const result = await section.run({ options, root, outDir, log });
    blocks.push(...result.markdown);
    targets.push(...result.targets);
    data[section.name] = result.data;
  }
  if (targets.length > 0) blocks.push("## Targets", targetsTable(targets));

  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const markdown = `${[header(options.quick, startedAt, seconds, root), ...blocks].filter(Boolean).join("\n\n")}\n`;
  process.stdout.write(markdown);
  await writeFile(join(outDir, "results.md"), markdown);
  await writeFile(
    join(outDir, "results.json"),
    JSON.stringify({ options, targets, data }, null, 2),
  );
  const missed = targets.filter((t) => t.pass === false).length;
  log(
    `\nwritten: bench/out/results.md (${seconds.toFixed(0)} s)${missed ? `; ${missed} targets missed` : ""}`,
  );
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
