/**
 * The envelope that carries trace context through Cloudflare Queues,
 * whose messages have no headers: `{ "__edgeTrace": 1, headers, body }`.
 * The producer side wraps (opt-in); the consumer side always unwraps, so
 * user code sees the body that was sent.
 * @module
 */

/** The marker key and version of an envelope. */
export const ENVELOPE_MARKER = "__edgeTrace";

/** A queued body with the producer's propagation headers. */
export interface QueueEnvelope<Body = unknown> {
  readonly [ENVELOPE_MARKER]: 1;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Body;
}

/**
 * @param body - the user's message body.
 * @param headers - the producer span's propagation headers (`trace.headers()`).
 * @returns the envelope to send instead of `body`.
 */
export function wrapBody<Body>(body: Body, headers: Record<string, string>): QueueEnvelope<Body> {
  return { [ENVELOPE_MARKER]: 1, headers, body };
}

/**
 * Recognises an envelope exactly: the marker, a record of string headers
 * and a `body` key, and nothing else, so a user's own object that happens
 * to have a `__edgeTrace` key is not mistaken for one.
 * @param value - a received message body.
 */
export function isEnvelope(value: unknown): value is QueueEnvelope {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (record[ENVELOPE_MARKER] !== 1 || !("body" in record)) return false;
  const keys = Object.keys(record);
  if (keys.length !== 3 || !keys.includes("headers")) return false;
  return isStringRecord(record.headers);
}

/** True for a plain object whose values are all strings. */
export function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => typeof entry === "string");
}

/**
 * Content types whose encoding can hold the envelope object: structured
 * clone (`"v8"`, the default) and `"json"`. A `"text"` or `"bytes"` body
 * is sent unwrapped, since wrapping would change what the consumer gets.
 */
export function canWrap(contentType: string | undefined): boolean {
  return contentType === undefined || contentType === "v8" || contentType === "json";
}
