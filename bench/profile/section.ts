/**
 * The profile section: where a traced Worker's CPU goes. The bare and the
 * edge-trace + OTLP Workers run under the same saturating load in workerd
 * while V8's sampling profiler (through workerd's inspector) records; the
 * table lists the top functions by self time per request, beside the bare
 * Worker's total. Bundles are built unminified here so the names read.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { buildWorkers } from "../load/build.js";
import { cannon } from "../load/run.js";
import { startUpstream } from "../load/upstream.js";
import { startWorker } from "../load/workerd.js";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { profileDuring, type SelfTime } from "./cpu-profile.js";

const VARIANTS = ["bare", "edge-otlp"] as const;
const TOP = 15;
/** The runtime's own buckets: not JavaScript the Worker runs. */
const RUNTIME_BUCKETS = ["(idle)", "(program)", "(garbage collector)"];

interface VariantProfile {
  readonly id: string;
  readonly requests: number;
  readonly top: readonly SelfTime[];
}

/** Top functions by self time, with and without edge-trace. */
export const profileSection: Section = {
  name: "profile",
  async run({ options, root, outDir, log }) {
    const seconds = options.quick ? 3 : 8;
    const workers = await buildWorkers(root, outDir, [...VARIANTS]);
    const upstream = await startUpstream(root, outDir);
    const profiles: VariantProfile[] = [];
    try {
      for (const worker of workers) {
        const readable = await build({
          entryPoints: [join(root, worker.file)],
          bundle: true,
          format: "esm",
          platform: "browser",
          conditions: ["workerd", "worker", "browser"],
          target: "es2022",
          external: ["cloudflare:*"],
          write: false,
          logLevel: "silent",
        });
        await writeFile(worker.scriptPath, readable.outputFiles[0]!.contents);
        const bindings = { UPSTREAM: upstream.url, SINK: upstream.sink };
        const target = await startWorker(worker, bindings, true);
        try {
          log(`profile: ${worker.id}`);
          await cannon(target.url, 10, 2);
          let requests = 0;
          const top = await profileDuring(target.inspectorUrl!, async () => {
            requests = (await cannon(target.url, 10, seconds)).requests.total;
            await new Promise((resolve) => setTimeout(resolve, 300));
          });
          profiles.push({ id: worker.id, requests, top });
        } finally {
          await target.close();
        }
      }
    } finally {
      await upstream.close();
    }
    return { markdown: report(profiles, seconds), targets: [], data: profiles };
  },
};

function report(profiles: readonly VariantProfile[], seconds: number): string[] {
  const perRequest = (p: VariantProfile, us: number): string =>
    (us / Math.max(1, p.requests)).toFixed(1);
  const js = (p: VariantProfile): number =>
    p.top
      .filter((t) => !RUNTIME_BUCKETS.some((b) => t.name.startsWith(b)))
      .reduce((n, t) => n + t.selfUs, 0);
  const traced = profiles.find((p) => p.id === "edge-otlp");
  const rows = (traced?.top ?? [])
    .filter((t) => !t.name.startsWith("(idle)"))
    .slice(0, TOP)
    .map((t) => [t.name, perRequest(traced!, t.selfUs)]);
  return [
    "## Profile: where the OTLP Worker's CPU goes",
    `V8's sampling profiler in workerd (through the inspector), ${seconds} s of autocannon at 10 connections per Worker, one outbound fetch per request; unminified bundles. JavaScript self time per request: ${profiles.map((p) => `${p.id} ${perRequest(p, js(p))} µs`).join(", ")}. Native calls (\`fetch\`, \`URL\`, header access) are their own rows; \`(program)\` is the runtime outside JavaScript. The profiler's own overhead inflates every row alike.`,
    table(["function (edge-otlp)", "self µs/req"], rows),
  ];
}
