/**
 * What watching a streamed body costs (src/spans/body-end.ts): the time to
 * read N chunks through `watchBody` minus the time to read the same chunks
 * straight from the source, per chunk; and the fixed cost per response
 * (a one-chunk body). Alternated rounds, medians. Run: `node bench/stream/run.mjs`
 * (Node), or the bundle it writes with `bun` / `deno run`.
 * @module
 */
import { watchBody } from "../../src/server/body-end.js";
import type { Trace } from "../../src/trace/trace.js";

const CHUNK = new Uint8Array(1024);
// Only what watchBody calls; the span's own end is not a per-chunk cost.
const trace = { end() {}, recordError() {}, addEvent() {} } as unknown as Trace;

function source(chunks: number): ReadableStream<Uint8Array> {
  let left = chunks;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left-- === 0) return controller.close();
      controller.enqueue(CHUNK);
    },
  });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}

async function time(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function perChunk(chunks: number, rounds: number): Promise<{ raw: number; watched: number }> {
  const raw: number[] = [];
  const watched: number[] = [];
  for (let round = 0; round < rounds; round++) {
    raw.push(await time(() => drain(source(chunks))));
    watched.push(await time(() => drain(watchBody(source(chunks), trace)[0])));
  }
  return { raw: (median(raw) * 1e6) / chunks, watched: (median(watched) * 1e6) / chunks };
}

async function perResponse(
  responses: number,
  rounds: number,
): Promise<{ raw: number; watched: number }> {
  const raw: number[] = [];
  const watched: number[] = [];
  const many = async (watch: boolean) => {
    for (let i = 0; i < responses; i++) {
      const body = source(1);
      await drain(
        watch
          ? (new Response(watchBody(body, trace)[0]).body ?? body)
          : (new Response(body).body ?? body),
      );
    }
  };
  for (let round = 0; round < rounds; round++) {
    raw.push(await time(() => many(false)));
    watched.push(await time(() => many(true)));
  }
  return { raw: (median(raw) * 1e6) / responses, watched: (median(watched) * 1e6) / responses };
}

const runtime =
  typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"
    ? "bun"
    : typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"
      ? "deno"
      : `node ${process.version}`;
await perChunk(20_000, 3); // warm-up
const chunk = await perChunk(200_000, 7);
const response = await perResponse(20_000, 7);
const ns = (value: number): string => `${value.toFixed(0)} ns`;
console.log(
  `| runtime | per chunk: raw | watched | added | per 1-chunk response: raw | watched | added |`,
);
console.log(`|---|---|---|---|---|---|---|`);
console.log(
  `| ${runtime} | ${ns(chunk.raw)} | ${ns(chunk.watched)} | ${ns(chunk.watched - chunk.raw)} | ${ns(response.raw)} | ${ns(response.watched)} | ${ns(response.watched - response.raw)} |`,
);
