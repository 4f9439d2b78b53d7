/**
 * SQS and SNS events: the messages' carriers and the messaging
 * semantic-convention attributes.
 * @see https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/
 * @see https://opentelemetry.io/docs/specs/semconv/faas/aws-lambda/#sqs
 * @module
 */
import type { HeaderRecord } from "../core/carrier.js";
import type { Attributes } from "../trace/span-data.js";
import { isRecord, snsAttributeHeaders, sqsAttributeHeaders } from "./carriers.js";

/** One message of an event: where its context is, and its own span's name and attributes. */
export interface MessageCarrier {
  /** The record object itself, as the handler sees it. */
  readonly record: object;
  readonly headers: HeaderRecord;
  /** SQS's `AWSTraceHeader` system attribute (X-Ray format). */
  readonly xrayHeader: string | undefined;
  readonly name: string;
  readonly attributes: Attributes;
}

/** The span of a whole batch or notification. */
export interface MessagingSpan {
  readonly name: string;
  readonly attributes: Attributes;
  readonly messages: readonly MessageCarrier[];
}

/** An SQS batch: `"{queue} process"`, with one carrier per record. */
export function sqsBatch(records: readonly unknown[]): MessagingSpan {
  const queue = lastArnPart(records, "eventSourceARN");
  const messages: MessageCarrier[] = [];
  for (const record of records) {
    if (!isRecord(record)) continue;
    const attributes = isRecord(record.attributes) ? record.attributes : {};
    messages.push({
      record,
      headers: sqsAttributeHeaders(record),
      xrayHeader: str(attributes.AWSTraceHeader),
      name: processName(queue),
      attributes: {
        ...baseAttributes("aws_sqs", queue),
        "messaging.message.id": str(record.messageId),
      },
    });
  }
  return {
    name: processName(queue),
    attributes: {
      ...baseAttributes("aws_sqs", queue),
      "messaging.batch.message_count": records.length,
    },
    messages,
  };
}

/** An SNS notification: `"{topic} process"`. Lambda receives one per invocation. */
export function snsBatch(records: readonly unknown[]): MessagingSpan {
  const topic = lastArnPart(
    records.map((record) => (isRecord(record) ? record.Sns : undefined)),
    "TopicArn",
  );
  const messages: MessageCarrier[] = [];
  for (const record of records) {
    if (!isRecord(record)) continue;
    const sns = isRecord(record.Sns) ? record.Sns : {};
    messages.push({
      record,
      headers: snsAttributeHeaders(record),
      xrayHeader: undefined,
      name: processName(topic),
      attributes: {
        ...baseAttributes("aws_sns", topic),
        "messaging.message.id": str(sns.MessageId),
      },
    });
  }
  const single = messages.length === 1 ? messages[0] : undefined;
  return {
    name: processName(topic),
    attributes: single
      ? single.attributes
      : { ...baseAttributes("aws_sns", topic), "messaging.batch.message_count": records.length },
    messages,
  };
}

function baseAttributes(system: string, destination: string | undefined): Attributes {
  return {
    "messaging.system": system,
    "messaging.operation.type": "process",
    "messaging.operation.name": "process",
    "messaging.destination.name": destination,
  };
}

function processName(destination: string | undefined): string {
  return destination ? `${destination} process` : "process";
}

/** The name at the end of the first record's ARN (`arn:aws:sqs:…:orders` → `orders`). */
function lastArnPart(records: readonly unknown[], key: string): string | undefined {
  const first = records[0];
  const arn = isRecord(first) ? str(first[key]) : undefined;
  if (arn === undefined) return undefined;
  const name = arn.slice(arn.lastIndexOf(":") + 1);
  return name === "" ? undefined : name;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
