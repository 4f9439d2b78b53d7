/**
 * Small checks on values user code hands the Trace: what `fetch` was given,
 * what a span's function returned, what was thrown.
 * @module
 */

/** Whether `fetch`'s input is a `Request` (checked by shape: runtimes have their own classes). */
export function isRequest(input: RequestInfo | URL): input is Request {
  return typeof input === "object" && "url" in input && "method" in input;
}

/** Whether a span's function returned a promise (or any thenable) to wait for. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/** `error.type`: the error's class name, or `_OTHER` as the semantic conventions say. */
export function errorType(error: unknown): string {
  return error instanceof Error ? error.name : "_OTHER";
}
