/**
 * Binding results with a body, whose span ends when the body has been
 * read or cancelled, like a streamed response: an R2 object from `get` (a
 * view whose `body` is a watched stream and whose `arrayBuffer`, `text`,
 * `json`, `blob` and `bytes` end the span when they settle), and a
 * streamed Workers AI result (a watched stream). Each is added to its
 * invocation's bodies, so that one nothing reads still ends its span when
 * the invocation's flush runs (`invocation-bodies.ts`).
 * @module
 */
import { watchBody } from "../../server/body-end.js";
import { recordFailure } from "../../trace/failure.js";
import type { Trace } from "../../trace/trace.js";
import { createView } from "../view.js";
import type { InvocationBodies } from "./invocation-bodies.js";

const READERS = ["arrayBuffer", "text", "json", "blob", "bytes"] as const;

/**
 * @param stream - a binding call's result, read only through the returned stream.
 * @param span - the call's span, still open.
 * @param bodies - the invocation's bodies (`undefined` outside one: the span ends when read).
 * @returns the stream to hand to user code; reading it to the end, or cancelling it, ends `span`.
 */
export function watchedStream(
  stream: ReadableStream<Uint8Array>,
  span: Trace,
  bodies: InvocationBodies | undefined,
): ReadableStream<Uint8Array> {
  const [watched] = watchBody(stream, span);
  // Locked once anything reads it: a reader, a pipe, or the runtime sending it as a response body.
  bodies?.add({ span, reading: () => watched.locked });
  return watched;
}

/**
 * @param value - a binding call's result.
 * @param span - the call's span, still open.
 * @param bodies - the invocation's bodies (`undefined` outside one: the span ends when read).
 * @returns a view that ends `span` with the body, or `undefined` when
 *   `value` has no body (the span ends now).
 */
export function watchedObject<T>(
  value: T,
  span: Trace,
  bodies: InvocationBodies | undefined,
): T | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const body: unknown = Reflect.get(value, "body", value);
  if (!(body instanceof ReadableStream)) return undefined;
  // Taken at the first `body` read, so an object whose body is never asked for keeps it untouched.
  let stream: ReadableStream<Uint8Array> | undefined;
  let readerCalled = false;
  const overrides: Record<string, () => unknown> = {
    body: () => {
      stream ??= watchBody(body as ReadableStream<Uint8Array>, span)[0];
      return stream;
    },
  };
  for (const reader of READERS) {
    const read = Reflect.get(value, reader, value);
    if (typeof read !== "function") continue;
    const traced = async (...args: unknown[]) => {
      readerCalled = true;
      try {
        return await Reflect.apply(read, value, args);
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    };
    overrides[reader] = () => traced;
  }
  bodies?.add({ span, reading: () => readerCalled || !!stream?.locked });
  return createView(value as T & object, overrides);
}
