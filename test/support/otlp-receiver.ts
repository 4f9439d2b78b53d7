/**
 * A real OTLP/HTTP collector stand-in for tests: a node:http server on
 * 127.0.0.1 (a free port) that accepts `POST /v1/traces` (gzip too), in
 * JSON or protobuf (`application/x-protobuf`, decoded with the official
 * schema into the OTLP/JSON form, so every accessor works for both),
 * records every request, validates each body against the OTLP protobuf
 * schema (see otlp-schema.ts), answers in the request's encoding, and can
 * be scripted to fail.
 *
 * @example
 * const rx = await startOtlpReceiver();
 * const tracer = resolveTracer({ endpoint: rx.url });
 * // … end some spans, then: await tracer.sink.flush(Date.now() + 5000);
 * expect(rx.problems()).toEqual([]);
 * expect(rx.spans().map((s) => s.name)).toContain("GET /");
 * rx.failNext(429, { retryAfter: "0" }); // the next request gets a 429
 * await rx.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import protobuf from "protobufjs";
import { decodeOtlpProtobuf, type OtlpSignal, RESPONSES, validateOtlpJson } from "./otlp-schema.js";

export { type OtlpSignal, validateOtlpJson } from "./otlp-schema.js";

/** The paths a collector takes, and the signal each carries. */
const SIGNAL_PATHS: Readonly<Record<string, OtlpSignal>> = {
  "/v1/traces": "traces",
  "/v1/logs": "logs",
  "/v1/metrics": "metrics",
};

/**
 * How to answer: an HTTP status, `"hang"` (never answer), `"reset"` (drop
 * the connection after reading the body), `"slow-body"` (send 200 and
 * headers, then hold the body back for `delayMs`, or until close).
 */
export type Failure = number | "hang" | "reset" | "slow-body";

/** Options of {@link OtlpReceiver.failNext}. */
export interface FailureOptions {
  /** How many requests in a row get this answer. Default 1. */
  readonly times?: number;
  /** A `Retry-After` header value, for 429 and 503. */
  readonly retryAfter?: string;
  /** Wait this long before answering (or, for "slow-body", before ending the body). */
  readonly delayMs?: number;
  /** The response body, such as an OTLP partial success. Default `{}` for 200. */
  readonly body?: string;
  /**
   * A 2xx's partial success, sent in the request's encoding (JSON or
   * protobuf `Export…ServiceResponse`). For an error status, `message` is
   * the `google.rpc.Status` message of a protobuf request's answer.
   */
  readonly partial?: { readonly rejected?: number; readonly message?: string };
}

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** Lowercase names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  /** Whether the body was `application/x-protobuf`. */
  readonly protobuf: boolean;
  /** The body's bytes, gunzipped: search them for what must never be exported. */
  readonly bytes: Buffer;
  /**
   * The decoded body, in the OTLP/JSON form whichever the encoding (a
   * protobuf body decoded with the official schema), or `undefined` when unreadable.
   */
  readonly body: unknown;
  /** Schema problems; empty when the body is a valid ExportTraceServiceRequest. */
  readonly problems: readonly string[];
  /** `pending` until answered; `aborted` when the client gave up first. */
  readonly state: "pending" | "answered" | "aborted";
  /** The status sent, once answered. */
  readonly status: number | undefined;
}

function accepted(request: ReceivedRequest): boolean {
  const status = request.status ?? 0;
  return request.problems.length === 0 && status >= 200 && status < 300;
}

/** A span from a valid request, with attributes decoded and its resource and scope attached. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly traceState: string | undefined;
  readonly flags: number | undefined;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Record<string, unknown>;
  readonly events: ReadonlyArray<{
    name: string;
    timeUnixNano: string;
    attributes: Record<string, unknown>;
  }>;
  readonly links: ReadonlyArray<{
    traceId: string;
    spanId: string;
    traceState?: string;
    flags?: number;
    attributes: Record<string, unknown>;
  }>;
  readonly status: { readonly code?: number; readonly message?: string };
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  readonly resource: Record<string, unknown>;
  readonly scope: { readonly name?: string; readonly version?: string };
  /** The span exactly as sent. */
  readonly raw: Record<string, unknown>;
}

/** A log record from a valid request, with attributes decoded and its resource attached. */
export interface ReceivedLog {
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly flags: number | undefined;
  readonly severityNumber: number | undefined;
  readonly severityText: string | undefined;
  readonly body: unknown;
  readonly timeUnixNano: string | undefined;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
  readonly scope: { readonly name?: string; readonly version?: string };
}

/** One histogram data point from a valid request, with its metric's name and resource. */
export interface ReceivedPoint {
  readonly name: string;
  readonly unit: string | undefined;
  readonly temporality: number | undefined;
  readonly attributes: Record<string, unknown>;
  readonly startTimeUnixNano: string;
  readonly timeUnixNano: string;
  readonly count: number;
  readonly sum: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly bucketCounts: readonly number[];
  readonly explicitBounds: readonly number[];
  readonly exemplars: ReadonlyArray<{
    traceId?: string;
    spanId?: string;
    asDouble?: number;
    timeUnixNano?: string;
  }>;
  readonly resource: Record<string, unknown>;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: an `endpoint` option or `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string;
  /** `url` + `/v1/traces`: an `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  readonly tracesUrl: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** Requests accepted but not answered yet. */
  readonly pending: number;
  /** The most requests ever pending at once (counted as each arrives). */
  readonly peakPending: number;
  /**
   * The spans the collector accepted: from valid requests answered 2xx, so
   * a batch retried after a 429 or a hang appears once.
   */
  spans(): ReceivedSpan[];
  /** The log records accepted on `/v1/logs`, like {@link spans}. */
  logs(): ReceivedLog[];
  /** The histogram points accepted on `/v1/metrics`, like {@link spans}. */
  points(): ReceivedPoint[];
  /** Resolves once `ready()` holds (checked as each request arrives; rejects after `timeoutMs`). */
  waitFor(ready: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Every request's schema problems, prefixed with the request's index. */
  problems(): string[];
  /**
   * Scripts the answer to the next request(s), success included (a 200 with
   * a partial-success body). Answers queue in call order; unscripted
   * requests get 200 `{}`, or 400 when the body is invalid.
   */
  failNext(failure: Failure, options?: FailureOptions): void;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` spans have been accepted (see {@link spans}). */
  waitForSpans(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets requests and scripted failures. */
  reset(): void;
  /** Stops the server, ending any held connection. */
  close(): Promise<void>;
}

type Script = { failure: Failure; options: FailureOptions };
type MutableRequest = { -readonly [K in keyof ReceivedRequest]: ReceivedRequest[K] };

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: MutableRequest[] = [];
  const scripts: Script[] = [];
  const held = new Set<() => void>();
  const waiters = new Set<() => void>();
  let peakPending = 0;
  const notify = (): void => {
    for (const waiter of waiters) waiter();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const record = receive(req, Buffer.concat(chunks));
      requests.push(record);
      peakPending = Math.max(peakPending, receiver.pending);
      res.on("close", () => {
        if (record.state === "pending") record.state = res.writableEnded ? "answered" : "aborted";
        notify();
      });
      respond(record, res, scripts.shift(), held);
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const waitFor = (ready: () => boolean, what: string, timeoutMs = 5000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!ready()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const receiver: OtlpReceiver = {
    url,
    tracesUrl: `${url}/v1/traces`,
    requests,
    get pending() {
      return requests.filter((r) => r.state === "pending").length;
    },
    get peakPending() {
      return peakPending;
    },
    spans: () =>
      requests
        .filter((r) => accepted(r) && r.path === "/v1/traces")
        .flatMap((r) => spansOf(r.body)),
    logs: () =>
      requests.filter((r) => accepted(r) && r.path === "/v1/logs").flatMap((r) => logsOf(r.body)),
    points: () =>
      requests
        .filter((r) => accepted(r) && r.path === "/v1/metrics")
        .flatMap((r) => pointsOf(r.body)),
    waitFor,
    problems: () => requests.flatMap((r, i) => r.problems.map((p) => `request ${i}: ${p}`)),
    failNext(failure, options = {}) {
      for (let i = 0; i < (options.times ?? 1); i++) scripts.push({ failure, options });
    },
    waitForRequests: (count, timeoutMs) =>
      waitFor(() => requests.length >= count, `${count} request(s)`, timeoutMs),
    waitForSpans: (count, timeoutMs) =>
      waitFor(() => receiver.spans().length >= count, `${count} span(s)`, timeoutMs),
    reset() {
      requests.length = 0;
      scripts.length = 0;
      peakPending = 0;
    },
    async close() {
      for (const release of held) release();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/**
 * A URL on 127.0.0.1 where nothing listens, so connecting is refused:
 * the port was free a moment ago and has just been released.
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function receive(req: IncomingMessage, raw: Buffer): MutableRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    if (value) headers[name] = value.join(", ");
  }
  const gzip = headers["content-encoding"] === "gzip";
  const isProtobuf = headers["content-type"] === "application/x-protobuf";
  const record: MutableRequest = {
    method: req.method ?? "",
    path: req.url ?? "",
    headers,
    gzip,
    protobuf: isProtobuf,
    bytes: raw,
    body: undefined,
    problems: [],
    state: "pending",
    status: undefined,
  };
  const problems: string[] = [];
  if (record.method !== "POST") problems.push(`method ${record.method}, expected POST`);
  const signal = SIGNAL_PATHS[record.path];
  if (!signal) problems.push(`path ${record.path}, expected /v1/traces, /v1/logs or /v1/metrics`);
  if (!isProtobuf && !headers["content-type"]?.startsWith("application/json")) {
    problems.push(
      `content-type ${headers["content-type"]}, expected application/json or application/x-protobuf`,
    );
  }
  try {
    record.bytes = gzip ? gunzipSync(raw) : raw;
    record.body = isProtobuf
      ? decodeOtlpProtobuf(record.bytes, signal ?? "traces")
      : JSON.parse(record.bytes.toString("utf8"));
    problems.push(...validateOtlpJson(record.body, signal ?? "traces"));
  } catch (error) {
    problems.push(`body: ${(error as Error).message}`);
  }
  record.problems = problems;
  return record;
}

function respond(
  record: MutableRequest,
  res: ServerResponse,
  script: Script | undefined,
  held: Set<() => void>,
): void {
  const failure = script?.failure ?? (record.problems.length > 0 ? 400 : 200);
  const options = script?.options ?? {};
  const later = (fn: () => void): void => {
    if (!options.delayMs) {
      fn();
      return;
    }
    const timer = setTimeout(fn, options.delayMs);
    held.add(() => clearTimeout(timer));
  };
  const answer = (status: number, body: string | Uint8Array): void => {
    record.status = status;
    const headers: Record<string, string> = {
      "content-type": record.protobuf ? "application/x-protobuf" : "application/json",
    };
    if (options.retryAfter !== undefined) headers["retry-after"] = options.retryAfter;
    res.writeHead(status, headers);
    res.end(body);
  };
  if (failure === "hang") {
    held.add(() => res.destroy());
  } else if (failure === "reset") {
    res.socket?.destroy();
  } else if (failure === "slow-body") {
    record.status = 200;
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    if (options.delayMs) later(() => res.end("}"));
    else held.add(() => res.destroy());
  } else {
    const body = options.body ?? answerBody(record, failure, options);
    later(() => answer(failure, body));
  }
}

/** `google.rpc.Status` (code 1, message 2; details left out), for protobuf error answers. */
const RPC_STATUS = new protobuf.Type("Status")
  .add(new protobuf.Field("code", 1, "int32"))
  .add(new protobuf.Field("message", 2, "string"));

/** A 2xx's `Export…ServiceResponse` or an error's `Status`, in the request's encoding. */
function answerBody(
  record: MutableRequest,
  status: number,
  options: FailureOptions,
): string | Uint8Array {
  const ok = status >= 200 && status < 300;
  const message = options.partial?.message ?? record.problems.join("; ");
  const rejected = options.partial?.rejected ?? 0;
  const signal = SIGNAL_PATHS[record.path] ?? "traces";
  const key = {
    traces: "rejectedSpans",
    logs: "rejectedLogRecords",
    metrics: "rejectedDataPoints",
  }[signal];
  if (!record.protobuf) {
    if (!ok) return JSON.stringify({ code: 3, message });
    return JSON.stringify(
      options.partial ? { partialSuccess: { [key]: String(rejected), errorMessage: message } } : {},
    );
  }
  if (!ok) return RPC_STATUS.encode(RPC_STATUS.fromObject({ code: 3, message })).finish();
  const RESPONSE = RESPONSES[signal];
  const partial = options.partial
    ? { partialSuccess: { [key]: rejected, errorMessage: message } }
    : {};
  return RESPONSE.encode(RESPONSE.fromObject(partial)).finish();
}

type Json = Record<string, unknown>;

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const obj = (value: unknown): Json =>
  typeof value === "object" && value !== null ? (value as Json) : {};

function spansOf(body: unknown): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of list(obj(body).resourceSpans)) {
    const resource = attributeMap(obj(rs.resource).attributes);
    for (const ss of list(rs.scopeSpans)) {
      for (const span of list(ss.spans)) {
        out.push({
          traceId: span.traceId as string,
          spanId: span.spanId as string,
          parentSpanId: (span.parentSpanId as string) || undefined,
          traceState: (span.traceState as string) || undefined,
          flags: span.flags as number | undefined,
          name: span.name as string,
          kind: span.kind as number,
          startTimeUnixNano: span.startTimeUnixNano as string,
          endTimeUnixNano: span.endTimeUnixNano as string,
          attributes: attributeMap(span.attributes),
          events: list(span.events).map((e) => ({
            name: e.name as string,
            timeUnixNano: e.timeUnixNano as string,
            attributes: attributeMap(e.attributes),
          })),
          links: list(span.links).map((l) => ({
            traceId: l.traceId as string,
            spanId: l.spanId as string,
            ...(l.traceState ? { traceState: l.traceState as string } : {}),
            ...(l.flags === undefined ? {} : { flags: l.flags as number }),
            attributes: attributeMap(l.attributes),
          })),
          status: obj(span.status),
          droppedAttributesCount: (span.droppedAttributesCount as number) ?? 0,
          droppedEventsCount: (span.droppedEventsCount as number) ?? 0,
          droppedLinksCount: (span.droppedLinksCount as number) ?? 0,
          resource,
          scope: obj(ss.scope),
          raw: span,
        });
      }
    }
  }
  return out;
}

function logsOf(body: unknown): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of list(obj(body).resourceLogs)) {
    const resource = attributeMap(obj(rl.resource).attributes);
    for (const sl of list(rl.scopeLogs)) {
      for (const record of list(sl.logRecords)) {
        out.push({
          traceId: (record.traceId as string) || undefined,
          spanId: (record.spanId as string) || undefined,
          flags: record.flags as number | undefined,
          severityNumber: record.severityNumber as number | undefined,
          severityText: record.severityText as string | undefined,
          body: anyValue(record.body),
          timeUnixNano: record.timeUnixNano as string | undefined,
          attributes: attributeMap(record.attributes),
          resource,
          scope: obj(sl.scope),
        });
      }
    }
  }
  return out;
}

function pointsOf(body: unknown): ReceivedPoint[] {
  const out: ReceivedPoint[] = [];
  for (const rm of list(obj(body).resourceMetrics)) {
    const resource = attributeMap(obj(rm.resource).attributes);
    for (const sm of list(rm.scopeMetrics)) {
      for (const metric of list(sm.metrics)) {
        const histogram = obj(metric.histogram);
        for (const p of list(histogram.dataPoints)) {
          out.push({
            name: metric.name as string,
            unit: metric.unit as string | undefined,
            temporality: histogram.aggregationTemporality as number | undefined,
            attributes: attributeMap(p.attributes),
            startTimeUnixNano: p.startTimeUnixNano as string,
            timeUnixNano: p.timeUnixNano as string,
            count: Number(p.count),
            sum: Number(p.sum),
            min: p.min === undefined ? undefined : Number(p.min),
            max: p.max === undefined ? undefined : Number(p.max),
            bucketCounts: (Array.isArray(p.bucketCounts) ? p.bucketCounts : []).map(Number),
            explicitBounds: (Array.isArray(p.explicitBounds) ? p.explicitBounds : []).map(Number),
            exemplars: list(p.exemplars),
            resource,
          });
        }
      }
    }
  }
  return out;
}

/** OTLP `KeyValue`s as a plain object: ints as numbers, arrays and kvlists unwrapped. */
export function attributeMap(kvs: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list(kvs)) out[kv.key as string] = anyValue(kv.value);
  return out;
}

function anyValue(value: unknown): unknown {
  const v = obj(value);
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("arrayValue" in v) return list(obj(v.arrayValue).values).map(anyValue);
  if ("kvlistValue" in v) return attributeMap(obj(v.kvlistValue).values);
  if ("bytesValue" in v) return v.bytesValue;
  return undefined;
}
