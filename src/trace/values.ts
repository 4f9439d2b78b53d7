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

/**
 * `error.type` of a thrown value, for spans and metrics alike: the error's
 * name, or `_OTHER` (the conventions' fallback) when it has none.
 */
export function errorType(error: unknown): string {
  return error instanceof Error && error.name ? error.name : "_OTHER";
}
