/**
 * Plain header records read out of Lambda events. They are read through
 * the core's record carrier, never by building a `Headers`: event header
 * values may hold non-ASCII bytes, which `Headers` rejects by throwing in
 * some runtimes.
 * @module
 */
import type { HeaderRecord } from "../core/carrier.js";

type UnknownRecord = Readonly<Record<string, unknown>>;

const EMPTY: HeaderRecord = {};

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The headers of an API Gateway v1 or ALB event: `multiValueHeaders` when
 * present, because it keeps every value of a repeated header (a repeated
 * `traceparent` must be seen as invalid), else `headers` (which may be `null`).
 */
export function httpHeaders(event: UnknownRecord): HeaderRecord {
  const multi = event.multiValueHeaders;
  if (isRecord(multi)) return multi as HeaderRecord;
  const single = event.headers;
  return isRecord(single) ? (single as HeaderRecord) : EMPTY;
}

/**
 * SQS `messageAttributes` as headers: `String` (and `String.*` custom type)
 * attributes by name; binary and number attributes are skipped.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-message-attributes
 */
export function sqsAttributeHeaders(record: UnknownRecord): HeaderRecord {
  return attributeHeaders(record.messageAttributes, "dataType", "stringValue");
}

/** SNS `MessageAttributes` (`{ Type: "String", Value }`) as headers. */
export function snsAttributeHeaders(record: UnknownRecord): HeaderRecord {
  const sns = record.Sns;
  return isRecord(sns) ? attributeHeaders(sns.MessageAttributes, "Type", "Value") : EMPTY;
}

function attributeHeaders(attributes: unknown, typeKey: string, valueKey: string): HeaderRecord {
  if (!isRecord(attributes)) return EMPTY;
  const headers: Record<string, string> = {};
  for (const name of Object.keys(attributes)) {
    const attribute = attributes[name];
    if (!isRecord(attribute)) continue;
    const type = attribute[typeKey];
    const value = attribute[valueKey];
    if (typeof type !== "string" || typeof value !== "string") continue;
    if (type === "String" || type.startsWith("String.")) headers[name] = value;
  }
  return headers;
}
