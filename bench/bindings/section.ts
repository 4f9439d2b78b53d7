/**
 * `--only=bindings`: the CPU cost bindingSpans() adds to one binding call,
 * in Node: a KV `get` on a binding that answers at once, called on the
 * binding itself, through the env view of an unsampled request, and
 * through the view of a recording one (its span built, ended and handed to
 * an exporter that drops it). The binding's own latency is not measured:
 * only what edge-trace adds around it.
 * @module
 */
import { exportSpans } from "../../src/export.js";
import { resolveTracer } from "../../src/trace/resolve-tracer.js";
import type { Trace } from "../../src/trace/trace.js";
import { bindingSpans } from "../../src/workers/binding-spans/binding-spans.js";
import { envView } from "../../src/workers/env-proxy.js";
import type { BenchContext, Section, SectionResult } from "../section.js";

/** Shaped like a KV binding (detected by its methods). */
function fakeKv() {
  const value = Promise.resolve("value");
  return {
    get: (_key: string) => value,
    getWithMetadata: async () => ({ value: null, metadata: null }),
    put: async () => {},
    list: async () => ({ keys: [], list_complete: true }),
    delete: async () => {},
  };
}

function startTrace(sampled: boolean): Trace {
  const tracer = resolveTracer(
    { exporter: exportSpans(async () => {}), sampler: () => sampled },
    undefined,
    { timer: false },
  );
  return tracer.startTrace({
    name: "GET",
    kind: "server",
    inbound: { links: [], baggage: new Map() },
  });
}

/** CPU microseconds per call of `call`, over `count` calls (after a warm-up). */
async function cpuPerCall(count: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await call();
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

export const bindingsSection: Section = {
  name: "bindings",
  async run(context: BenchContext): Promise<SectionResult> {
    const count = context.options.quick ? 20_000 : 200_000;
    const bindings = bindingSpans();
    const kv = fakeKv();
    const env = { KV: kv };
    const recording = startTrace(true);
    const unsampled = startTrace(false);
    const recordingView = envView(env, () => recording, undefined, bindings);
    // As the handler does: an unsampled request's view gets no bindings option.
    const unsampledView = envView(env, () => unsampled, undefined, undefined);
    context.log(`bindings: ${count} KV gets per variant`);
    const bare = await cpuPerCall(count, () => kv.get("k"));
    const notRecorded = await cpuPerCall(count, () => unsampledView.KV.get("k"));
    const recorded = await cpuPerCall(count, () => recordingView.KV.get("k"));
    // For scale: any recorded child span around the same call.
    const childSpan = await cpuPerCall(count, () =>
      recording.span("get KV", () => kv.get("k"), { kind: "client" }),
    );
    const rows = [
      ["the binding itself", bare],
      ["through the env view, unsampled request", notRecorded],
      ["through the env view, recording a span", recorded],
      ["for scale: `trace.span` around the binding itself", childSpan],
    ] as const;
    return {
      markdown: [
        "## Binding spans: CPU per call",
        `A KV \`get\` on a binding that answers at once, ${count} calls each, Node ${process.versions.node}, CPU time (\`process.cpuUsage\`).`,
        [
          "| Call | µs per call | added |",
          "| --- | ---: | ---: |",
          ...rows.map(([name, us]) => `| ${name} | ${us.toFixed(2)} | ${(us - bare).toFixed(2)} |`),
        ].join("\n"),
      ],
      targets: [],
      data: Object.fromEntries(rows),
    };
  },
};
