/**
 * The opentelemetry section: what `edge-trace/opentelemetry` costs. Bytes:
 * a Worker with the bridge and one API span beside the same Worker without
 * it, `@opentelemetry/sdk-trace-base` and otel-cf-workers. CPU: per span
 * made inside a request on Node, through the bridge and through the SDK.
 * @module
 */
import { join } from "node:path";
import { cpuUsage } from "node:process";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { bundleSize, composition, kib } from "../size/bundle.js";
import { workerFixture } from "../size/catalogue.js";
import { semconvAlias } from "../size/semconv-shim.js";
import { type SpanVariant, spanVariants } from "./variants.js";

/** Spans per request. */
const SPANS = 20;

const WORKERS = ["edge-otlp", "edge-otlp-opentelemetry", "otel-sdk-trace-base", "otel-cf-workers"];

async function bytes(root: string, outDir: string) {
  // otel-cf-workers needs the size section's semconv shim to bundle at all.
  const alias = await semconvAlias(root, outDir);
  const rows = [];
  for (const id of WORKERS) {
    const fixture = workerFixture(id);
    const external = fixture.nodejsCompat ? ["cloudflare:*", "node:*"] : ["cloudflare:*"];
    const incumbent = fixture.library === "incumbent";
    const size = await bundleSize(join(root, fixture.file), {
      external,
      alias: incumbent ? alias : undefined,
    });
    rows.push({ id, label: fixture.label, gzipBytes: size.gzipBytes });
  }
  // With the API left out, the difference from edge-otlp is the bridge's own bytes.
  const bridgeOnly = await bundleSize(join(root, workerFixture("edge-otlp-opentelemetry").file), {
    external: ["cloudflare:*", "node:*", "@opentelemetry/api"],
  });
  const shares = await composition(join(root, workerFixture("edge-otlp-opentelemetry").file), {
    external: ["cloudflare:*", "node:*"],
  });
  const sum = (match: (file: string) => boolean) =>
    shares.filter((share) => match(share.file)).reduce((total, share) => total + share.bytes, 0);
  return {
    rows,
    bridgeOnlyGzipBytes: bridgeOnly.gzipBytes,
    bridgeMinified: sum((file) => file.startsWith("src/opentelemetry")),
    apiMinified: sum((file) => file.includes("node_modules/@opentelemetry/api/")),
  };
}

async function timeBatch(variant: SpanVariant, requests: number): Promise<number> {
  const start = cpuUsage();
  for (let i = 0; i < requests; i++) {
    await variant.request(SPANS);
    if ((i + 1) % 10 === 0) await variant.flush();
  }
  await variant.flush();
  const used = cpuUsage(start);
  return (used.user + used.system) / (requests * SPANS);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The bridge's bytes and per-span CPU beside the SDK and otel-cf-workers. */
export const openTelemetrySection: Section = {
  name: "opentelemetry",
  async run({ options, root, outDir, log }) {
    log("opentelemetry: bundling Workers");
    const size = await bytes(root, outDir);
    const rounds = options.quick ? 3 : 9;
    const requests = options.quick ? 200 : 1_000;
    const variants = spanVariants();
    log(
      `opentelemetry: node, ${rounds} rounds of ${requests} requests × ${SPANS} spans per variant`,
    );
    for (const v of variants) await timeBatch(v, requests / 4); // warm-up
    const cpu = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + round) % variants.length]!;
        cpu.get(v.id)!.push(await timeBatch(v, requests));
      }
    }
    const spanRows = variants.map((v) => ({
      id: v.id,
      label: v.label,
      cpuUs: median(cpu.get(v.id)!),
    }));
    const gzip = (id: string) => size.rows.find((row) => row.id === id)!.gzipBytes;
    const base = gzip("edge-otlp");
    const bridgeGzip = gzip("edge-otlp-opentelemetry");
    return {
      markdown: [
        "## OpenTelemetry API bridge: bytes and per-span CPU",
        "Bytes: esbuild, minified, workerd conditions, gzip; `node:*` left to the runtime. The bridge's Worker is `edge-otlp` plus `openTelemetry({ AsyncLocalStorage })` and one span through `@opentelemetry/api`; the difference is the bridge and the API together. otel-cf-workers records with sdk-trace-base's span class (and adds its own exporter and instrumentation), so its per-span cost is the SDK row's plus its own work.",
        table(
          ["Worker", "gzip KiB"],
          size.rows.map((row) => [row.label, kib(row.gzipBytes).toFixed(2)]),
        ),
        `The bridge's Worker is ${kib(bridgeGzip - base).toFixed(2)} KiB gzip over edge-otlp: ${kib(size.bridgeOnlyGzipBytes - base).toFixed(2)} KiB of edge-trace/opentelemetry (measured with @opentelemetry/api left external), the rest the API itself, which an application that reports through it already carries.`,
        `Minified (not gzipped) bytes in the bridge's Worker: src/opentelemetry ${size.bridgeMinified} B, @opentelemetry/api ${size.apiMinified} B.`,
        `CPU per span (user + system, Node, one process): ${SPANS} spans per request, each started, given one attribute and ended; flushed every 10 requests; ${rounds} alternated rounds of ${requests} requests, medians.`,
        table(
          ["variant", "CPU µs/span"],
          spanRows.map((row) => [row.label, row.cpuUs.toFixed(2)]),
        ),
      ],
      targets: [],
      data: { size, spans: spanRows },
    };
  },
};
