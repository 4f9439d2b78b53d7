/**
 * The demo's embedded OTLP/HTTP receiver: a node:http server on 127.0.0.1
 * that every service exports to (`POST /v1/traces`, `/v1/logs` and
 * `/v1/metrics`, OTLP JSON or protobuf), decoding each span into a {@link DemoSpan}
 * grouped by trace id, log records by trace, and the server metrics into
 * the caller-route table.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeProtobuf } from "./protobuf.js";
import { addMetrics, type DemoLog, decodeLogs, type RouteRow } from "./signals.js";
import type { DemoSpan } from "./span-tree.js";

/** The span attribute each demo service sets to the baggage it received. */
export const BAGGAGE_ATTRIBUTE = "demo.baggage";

const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUS_ERROR = 2;

/** A running receiver. */
export interface Receiver {
  /** The base URL to export to (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly url: string;
  /** The spans received so far for a trace. */
  spans(traceId: string): DemoSpan[];
  /** The log records received so far for a trace. */
  logs(traceId: string): DemoLog[];
  /** The caller-route table's rows so far (server request durations, summed). */
  routes(): RouteRow[];
  /** The distinct Content-Types of the requests received so far. */
  contentTypes(): string[];
  /** Calls `listener` with the trace id of every batch that arrives; returns an unsubscribe. */
  onSpans(listener: (traceId: string) => void): () => void;
  close(): Promise<void>;
}

/** Starts the receiver on a free port. */
export async function startReceiver(): Promise<Receiver> {
  const traces = new Map<string, DemoSpan[]>();
  const listeners = new Set<(traceId: string) => void>();
  const logs = new Map<string, DemoLog[]>();
  const routes = new Map<string, RouteRow>();
  const contentTypes = new Set<string>();
  const server = createServer((req, res) => {
    contentTypes.add(req.headers["content-type"] ?? "");
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let received: DemoSpan[];
      try {
        const raw = Buffer.concat(chunks);
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        const json: unknown =
          req.headers["content-type"] === "application/x-protobuf"
            ? decodeProtobuf(body, req.url ?? "")
            : JSON.parse(body.toString("utf8"));
        if (req.url === "/v1/logs") {
          for (const log of decodeLogs(json)) {
            logs.set(log.traceId, [...(logs.get(log.traceId) ?? []), log]);
          }
        } else if (req.url === "/v1/metrics") addMetrics(routes, json);
        received = req.url === "/v1/traces" ? decodeOtlp(json) : [];
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      const touched = new Set<string>();
      for (const span of received) {
        traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
        touched.add(span.traceId);
      }
      for (const traceId of touched) for (const listener of listeners) listener(traceId);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: (traceId) => [...(traces.get(traceId) ?? [])],
    logs: (traceId) => [...(logs.get(traceId) ?? [])],
    routes: () => [...routes.values()],
    contentTypes: () => [...contentTypes].sort(),
    onSpans(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type KeyValue = { key: string; value: Record<string, unknown> };
type OtlpBody = {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
  }>;
};

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into demo spans.
 * @param body - the parsed request body.
 * @returns one span per OTLP span, with its resource's `service.name`.
 */
export function decodeOtlp(body: unknown): DemoSpan[] {
  const spans: DemoSpan[] = [];
  for (const resourceSpans of (body as OtlpBody).resourceSpans ?? []) {
    const resource = attributes(resourceSpans.resource?.attributes);
    const service = String(resource["service.name"] ?? "unknown");
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) spans.push(toDemoSpan(span, service));
    }
  }
  return spans;
}

function toDemoSpan(span: Record<string, unknown>, service: string): DemoSpan {
  const attrs = attributes(span.attributes as KeyValue[] | undefined);
  const status = span.status as { code?: number } | undefined;
  const baggage = attrs[BAGGAGE_ATTRIBUTE];
  return {
    traceId: String(span.traceId),
    spanId: String(span.spanId),
    parentSpanId:
      typeof span.parentSpanId === "string" && span.parentSpanId !== ""
        ? span.parentSpanId
        : undefined,
    service,
    name: String(span.name),
    kind: KINDS[Number(span.kind)] ?? "unspecified",
    startMs: nanosToMs(span.startTimeUnixNano),
    endMs: nanosToMs(span.endTimeUnixNano),
    error: status?.code === STATUS_ERROR,
    baggage: typeof baggage === "string" ? baggage : undefined,
  };
}

/** int64 nanoseconds arrive as decimal strings; BigInt keeps sub-ms precision exact. */
function nanosToMs(value: unknown): number {
  const nanos = BigInt(String(value ?? "0"));
  return Number(nanos / 1000n) / 1000;
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = anyValue(value);
  return out;
}

function anyValue(value: Record<string, unknown>): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return Number(value.doubleValue);
  if ("arrayValue" in value) {
    const values = (value.arrayValue as { values?: Record<string, unknown>[] }).values ?? [];
    return values.map(anyValue);
  }
  return undefined;
}
