/**
 * An OTLP/HTTP JSON collector on 127.0.0.1 that answers after a delay, or
 * never, and records when each export arrived and was answered, and the
 * spans it carried.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Export {
  readonly arrivedAt: number;
  answeredAt?: number;
  readonly spans: { name: string; invocationId: unknown; endMs: number }[];
}

export interface SlowCollector {
  readonly url: string;
  readonly exports: Export[];
  /** Milliseconds before answering; `Infinity` never answers. */
  delayMs: number;
  close(): Promise<void>;
}

interface OtlpBody {
  resourceSpans?: {
    scopeSpans?: {
      spans?: {
        name: string;
        endTimeUnixNano: string;
        attributes?: { key: string; value: { stringValue?: string } }[];
      }[];
    }[];
  }[];
}

export async function startCollector(delayMs = 0): Promise<SlowCollector> {
  const exports: Export[] = [];
  const state = { delayMs };
  const server = createServer(async (req, res) => {
    let body = "";
    try {
      for await (const chunk of req) body += chunk;
    } catch {
      return; // the function was stopped mid-export: nothing arrived
    }
    const parsed = JSON.parse(body) as OtlpBody;
    const spans = (parsed.resourceSpans ?? []).flatMap((r) =>
      (r.scopeSpans ?? []).flatMap((s) =>
        (s.spans ?? []).map((span) => ({
          name: span.name,
          invocationId: span.attributes?.find((a) => a.key === "faas.invocation_id")?.value
            .stringValue,
          endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
        })),
      ),
    );
    const record: Export = { arrivedAt: Date.now(), spans };
    exports.push(record);
    if (state.delayMs === Number.POSITIVE_INFINITY) return;
    setTimeout(() => {
      record.answeredAt = Date.now();
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    }, state.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value) {
      state.delayMs = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
