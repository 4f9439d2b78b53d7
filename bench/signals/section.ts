/**
 * The signals section: the extra per-request CPU of logs and of metrics
 * next to spans only, on Node, in one process, variants alternated in
 * rounds, ratios to spans-only within each round. Flushed every
 * {@link FLUSH_EVERY} requests, as a server's batch timer would. workerd's
 * figures are in the load section (variants `edge-otlp-logs`,
 * `edge-otlp-metrics` beside `edge-otlp`).
 * @module
 */
import { cpuUsage } from "node:process";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { type SignalVariant, signalVariants } from "./variants.js";

/** Requests between two flushes. */
const FLUSH_EVERY = 100;

interface Row {
  readonly id: string;
  readonly label: string;
  readonly cpuUs: number;
  readonly ratio: number;
}

async function timeBatch(variant: SignalVariant, requests: number): Promise<number> {
  const start = cpuUsage();
  for (let i = 0; i < requests; i++) {
    await variant.handle(new Request(`http://shop.test/items/${i % 10}`));
    if ((i + 1) % FLUSH_EVERY === 0) await variant.flush();
  }
  await variant.flush();
  const used = cpuUsage(start);
  return (used.user + used.system) / requests;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Logs and metrics beside spans only, Node. */
export const signalsSection: Section = {
  name: "signals",
  async run({ options, log }) {
    const rounds = options.quick ? 3 : 9;
    const requests = options.quick ? 2_000 : 10_000;
    const variants = signalVariants();
    log(`signals: node, ${rounds} rounds of ${requests} requests per variant`);
    for (const v of variants) await timeBatch(v, requests / 4); // warm-up
    const cpu = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    const ratios = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    for (let round = 0; round < rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      const got = new Map<string, number>();
      for (const v of order) got.set(v.id, await timeBatch(v, requests));
      const base = got.get(variants[0]!.id)!;
      for (const [id, us] of got) {
        cpu.get(id)!.push(us);
        ratios.get(id)!.push(us / base);
      }
    }
    const rows: Row[] = variants.map((v) => ({
      id: v.id,
      label: v.label,
      cpuUs: median(cpu.get(v.id)!),
      ratio: median(ratios.get(v.id)!),
    }));
    const base = rows[0]!.cpuUs;
    return {
      markdown: [
        "## Signals: the CPU of logs and metrics beside spans (Node)",
        `edge-trace/fetch's \`withTrace\` in this Node process, one \`trace.fetch\` per request answered in memory, export through the real encoders to an in-memory fetch, flushed every ${FLUSH_EVERY} requests; ${rounds} alternated rounds of ${requests} requests, CPU (user + system) per request, medians, ratios to spans-only within each round. workerd: the load section's \`edge-otlp-logs\` and \`edge-otlp-metrics\` rows beside \`edge-otlp\`.`,
        table(
          ["variant", "CPU µs/req", "extra µs/req", "× spans only"],
          rows.map((r) => [
            r.label,
            r.cpuUs.toFixed(1),
            (r.cpuUs - base).toFixed(1),
            r.ratio.toFixed(2),
          ]),
        ),
      ],
      targets: [],
      data: { node: process.version, rounds, requests, rows },
    };
  },
};
