/**
 * A binding result with a body (an R2 object from `get`) whose span ends
 * when the body has been read or cancelled, like a streamed response: a
 * view over the object whose `body` is a watched stream and whose
 * `arrayBuffer`, `text`, `json`, `blob` and `bytes` end the span when
 * they settle.
 * @module
 */
import { watchBody } from "../../server/body-end.js";
import { recordFailure } from "../../trace/failure.js";
import type { Trace } from "../../trace/trace.js";
import { createView } from "../view.js";

const READERS = ["arrayBuffer", "text", "json", "blob", "bytes"] as const;

/**
 * @param value - a binding call's result.
 * @param span - the call's span, still open.
 * @returns a view that ends `span` with the body, or `undefined` when
 *   `value` has no body (the span ends now).
 */
export function watchedObject<T>(value: T, span: Trace): T | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const body: unknown = Reflect.get(value, "body", value);
  if (!(body instanceof ReadableStream)) return undefined;
  let stream: ReadableStream<Uint8Array> | undefined;
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
  return createView(value as T & object, overrides);
}
