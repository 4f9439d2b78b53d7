/**
 * The protobuf section: the time to encode one 512-span export batch as
 * OTLP/JSON (`JSON.stringify` of the request objects, then UTF-8, the
 * bytes `fetch` sends) and as OTLP protobuf (the same request objects
 * through edge-trace's writer), on Node, alternated in rounds so that a
 * shared machine's noise falls on both; medians, and the ratio within
 * each round. Body sizes raw and gzipped beside them.
 * @module
 */
import { cpuUsage } from "node:process";
import { gzipSync } from "node:zlib";
import { encodeTraceRequest } from "../../src/export/otlp-json.js";
import { encodeOtlpProtobuf } from "../../src/protobuf/otlp-encode.js";
import { table } from "../markdown.js";
import type { Section } from "../section.js";
import { BATCH_SIZE, RESOURCE, spanBatch } from "./batch.js";

/** One encoding: the request objects built from the spans, then the body bytes. */
interface Encoding {
  readonly id: "json" | "json-string" | "protobuf";
  readonly label: string;
  readonly encode: () => Uint8Array;
}

function encodings(): Encoding[] {
  const spans = spanBatch();
  const utf8 = new TextEncoder();
  return [
    {
      id: "json",
      label: "OTLP/JSON (edge-trace/otlp)",
      encode: () => utf8.encode(JSON.stringify(encodeTraceRequest(spans, RESOURCE))),
    },
    {
      // What the exporter itself does: `fetch` encodes the string to UTF-8 later.
      id: "json-string",
      label: "OTLP/JSON, the string only (no UTF-8 step)",
      encode: () => {
        const text = JSON.stringify(encodeTraceRequest(spans, RESOURCE));
        return new Uint8Array(text.length);
      },
    },
    {
      id: "protobuf",
      label: "OTLP protobuf (edge-trace/otlp-protobuf)",
      encode: () => encodeOtlpProtobuf(encodeTraceRequest(spans, RESOURCE)),
    },
  ];
}

/** CPU µs per batch over `n` encodes. */
function timeEncodes(encoding: Encoding, n: number): number {
  const start = cpuUsage();
  for (let i = 0; i < n; i++) encoding.encode();
  const used = cpuUsage(start);
  return (used.user + used.system) / n;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** JSON and protobuf encode times per 512-span batch, Node. */
export const protobufSection: Section = {
  name: "protobuf",
  async run({ options, log }) {
    const rounds = options.quick ? 7 : 21;
    const perRound = options.quick ? 20 : 50;
    const all = encodings();
    log(`protobuf: node, ${rounds} rounds of ${perRound} encodes of a ${BATCH_SIZE}-span batch`);
    for (const e of all) timeEncodes(e, perRound * 2); // warm-up
    const times = new Map<string, number[]>(all.map((e) => [e.id, []]));
    const ratios: number[] = [];
    const stringRatios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const got = new Map<string, number>();
      for (const e of round % 2 ? [...all].reverse() : all) got.set(e.id, timeEncodes(e, perRound));
      for (const [id, us] of got) times.get(id)!.push(us);
      ratios.push(got.get("protobuf")! / got.get("json")!);
      stringRatios.push(got.get("protobuf")! / got.get("json-string")!);
    }
    const rows = all.map((e) => {
      const body = e.encode();
      return {
        id: e.id,
        label: e.label,
        us: median(times.get(e.id)!),
        bytes: body.byteLength,
        gzipBytes: gzipSync(body).byteLength,
      };
    });
    const ratio = median(ratios);
    return {
      markdown: [
        "## Protobuf: encoding a 512-span batch, JSON and protobuf (Node)",
        `One export batch of ${BATCH_SIZE} HTTP server and client spans (10 and 5 attributes, an event on one in eight, a link on one in 32), encoded from the same request objects (\`encodeTraceRequest\`); JSON includes the UTF-8 step \`fetch\` would do. CPU (user + system) per batch, medians of ${rounds} alternated rounds of ${perRound}; protobuf ÷ JSON is the median of the per-round ratios.`,
        table(
          ["encoding", "CPU µs/batch", "body bytes", "gzip bytes"],
          rows.map((r) =>
            r.id === "json-string"
              ? [r.label, r.us.toFixed(0), "", ""]
              : [r.label, r.us.toFixed(0), String(r.bytes), String(r.gzipBytes)],
          ),
        ),
        `protobuf ÷ JSON: ${ratio.toFixed(2)}; protobuf ÷ the JSON string alone: ${median(stringRatios).toFixed(2)}`,
      ],
      targets: [],
      data: { rows, ratio, stringRatio: median(stringRatios) },
    };
  },
};
