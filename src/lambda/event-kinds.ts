/**
 * Which trigger sent an event, and how its invocation span starts: a table
 * of small records keyed by event kind, checked in order; the first whose
 * `matches` accepts the event describes it.
 * @module
 */
import type { HeaderRecord } from "../core/carrier.js";
import type { HttpConventions } from "../trace/recorder.js";
import type { Attributes, SpanKind } from "../trace/span-data.js";
import { isRecord } from "./carriers.js";
import type { FaasTrigger } from "./context.js";
import { type HttpRequestInfo, httpAttributes, httpName } from "./http.js";
import { albRequest, v1Request, v2Request } from "./http-events.js";
import { type MessageCarrier, type MessagingSpan, snsBatch, sqsBatch } from "./messaging.js";

type UnknownRecord = Readonly<Record<string, unknown>>;

/** The event kinds the adapter recognizes. */
export type EventKind =
  | "alb"
  | "function-url"
  | "apigw-v2"
  | "apigw-v1"
  | "sqs"
  | "sns"
  | "schedule"
  | "other";

/** How an invocation span starts, whatever the trigger. */
export interface InvocationShape {
  readonly kind: EventKind;
  readonly name: string;
  readonly spanKind: SpanKind;
  readonly trigger: FaasTrigger;
  readonly attributes: Attributes;
  /** Where the invocation's own parent is read: HTTP headers, or SNS's one message. */
  readonly carrier: HeaderRecord | undefined;
  /** Messages whose contexts the invocation span links (an SQS batch). */
  readonly linked: readonly MessageCarrier[];
  /** For HTTP events: how the result's status is read and `traceresponse` written. */
  readonly http:
    | {
        readonly defaultsTo200: boolean;
        readonly multiValue: boolean;
        /** For request metrics (edge-trace/metrics), sampled or not. */
        readonly method: string;
        readonly route: string | undefined;
      }
    | undefined;
}

interface EventKindRecord {
  readonly matches: (event: UnknownRecord) => boolean;
  readonly describe: (
    event: UnknownRecord,
    functionName: string,
    conventions: HttpConventions | undefined,
  ) => Omit<InvocationShape, "kind">;
}

/** Checked in this order: ALB and function URLs before the API Gateway shapes they resemble. */
const EVENT_KINDS: Readonly<Record<EventKind, EventKindRecord>> = {
  alb: {
    matches: (event) => isRecord(field(event.requestContext, "elb")),
    describe: (event, _name, conventions) =>
      http(albRequest(event), false, isRecord(event.multiValueHeaders), conventions),
  },
  "function-url": {
    matches: (event) =>
      isV2(event) && String(field(event.requestContext, "domainName")).includes(".lambda-url."),
    describe: (event, _name, conventions) => http(v2Request(event), true, false, conventions),
  },
  "apigw-v2": {
    matches: isV2,
    describe: (event, _name, conventions) => http(v2Request(event), true, false, conventions),
  },
  "apigw-v1": {
    matches: (event) =>
      typeof event.httpMethod === "string" &&
      typeof event.resource === "string" &&
      isRecord(event.requestContext),
    describe: (event, _name, conventions) => http(v1Request(event), false, false, conventions),
  },
  sqs: {
    matches: (event) => firstRecordField(event, "eventSource") === "aws:sqs",
    describe: (event) => messaging(sqsBatch(event.Records as unknown[]), false),
  },
  sns: {
    matches: (event) => firstRecordField(event, "EventSource") === "aws:sns",
    describe: (event) => messaging(snsBatch(event.Records as unknown[]), true),
  },
  schedule: {
    matches: (event) =>
      (event.source === "aws.events" || event.source === "aws.scheduler") &&
      event["detail-type"] === "Scheduled Event",
    describe: (event, functionName) => ({
      ...other(functionName),
      trigger: "timer",
      attributes: { "faas.time": typeof event.time === "string" ? event.time : undefined },
    }),
  },
  other: {
    matches: () => true,
    describe: (_event, functionName) => other(functionName),
  },
};

const ORDER = /* @__PURE__ */ Object.keys(EVENT_KINDS) as EventKind[];

/**
 * @param event - the invocation's event, of any shape.
 * @param functionName - names the span of non-HTTP, non-messaging events.
 * @param conventions - the recorder's HTTP conventions: HTTP span names and
 *   attributes come with the exporter, as on every adapter.
 * @returns how its span starts. Never throws.
 */
export function describeEvent(
  event: unknown,
  functionName: string,
  conventions?: HttpConventions,
): InvocationShape {
  const record = isRecord(event) ? event : {};
  for (const kind of ORDER) {
    const entry = EVENT_KINDS[kind];
    try {
      if (entry.matches(record)) {
        return { kind, ...entry.describe(record, functionName, conventions) };
      }
    } catch {
      // A shape that half-matches (a getter that throws, odd types) is "other".
    }
  }
  return { kind: "other", ...other(functionName) };
}

function http(
  info: HttpRequestInfo,
  defaultsTo200: boolean,
  multiValue: boolean,
  conventions: HttpConventions | undefined,
) {
  return {
    name: httpName(info, conventions),
    spanKind: "server",
    trigger: "http",
    attributes: httpAttributes(info, conventions),
    carrier: info.headers,
    linked: [],
    http: { defaultsTo200, multiValue, method: info.method, route: info.route },
  } as const;
}

/** One message (SNS) is the parent; a batch (SQS) is linked. */
function messaging(span: MessagingSpan, singleIsParent: boolean) {
  const single = singleIsParent && span.messages.length === 1 ? span.messages[0] : undefined;
  return {
    name: span.name,
    spanKind: "consumer",
    trigger: "pubsub",
    attributes: span.attributes,
    carrier: single?.headers,
    linked: single ? [] : span.messages,
    http: undefined,
  } as const;
}

function other(functionName: string) {
  return {
    name: functionName || "invoke",
    spanKind: "server",
    trigger: "other",
    attributes: {},
    carrier: undefined,
    linked: [],
    http: undefined,
  } as const;
}

function isV2(event: UnknownRecord): boolean {
  return (
    event.version === "2.0" &&
    typeof event.rawPath === "string" &&
    isRecord(field(event.requestContext, "http"))
  );
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function firstRecordField(event: UnknownRecord, key: string): unknown {
  return Array.isArray(event.Records) ? field(event.Records[0], key) : undefined;
}
