/**
 * The upgrade request's context, kept with a hibernatable WebSocket as
 * one of its tags (`ctx.acceptWebSocket(ws, tags)`), so the hibernation
 * handlers can link to it after the object was evicted and woken again.
 * A tag rather than the serialized attachment: the user's own
 * `serializeAttachment` calls, on any reference to the socket, can never
 * overwrite it, and the attachment stays exactly what the user stored.
 * Only the span context is kept: a link needs nothing else.
 * @see https://developers.cloudflare.com/durable-objects/api/state/#acceptwebsocket
 * @module
 */

import type { SpanContext } from "../core/w3c/traceparent.js";
import { formatTraceparent, parseTraceparent } from "../core/w3c/traceparent.js";
import type { SpanLink } from "../trace/span-data.js";

/** Tags that start with this are ours; the `getTags` view hides them. */
export const TAG_PREFIX = "edge-trace:";

/** workerd accepts at most 10 tags per socket: ours is added only when one is free. */
const MAX_TAGS = 10;

/**
 * @param tags - the tags the user passed to `acceptWebSocket`, if any.
 * @param context - the span that accepted the socket.
 * @returns the tags to pass on: the user's, then ours when there is room.
 */
export function withContextTag(
  tags: readonly string[] | undefined,
  context: SpanContext | undefined,
): string[] | undefined {
  if (!context) return tags ? [...tags] : undefined;
  const given = tags ?? [];
  if (given.length >= MAX_TAGS) return [...given];
  return [...given, TAG_PREFIX + formatTraceparent(context)];
}

/** @returns whether a tag is one edge-trace added. */
export function isContextTag(tag: unknown): boolean {
  return typeof tag === "string" && tag.startsWith(TAG_PREFIX);
}

/**
 * @param tags - a socket's tags (`ctx.getTags(ws)`).
 * @returns a link to the upgrade request's span, or none when no tag holds one.
 */
export function linksFromTags(tags: readonly unknown[]): SpanLink[] {
  for (const tag of tags) {
    if (!isContextTag(tag)) continue;
    const context = parseTraceparent((tag as string).slice(TAG_PREFIX.length));
    if (context) return [{ context: { ...context, isRemote: true }, attributes: {} }];
  }
  return [];
}
