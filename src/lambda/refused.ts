/**
 * Recognises a refused connection among the errors `fetch` rejects with:
 * nothing listens at the collector's address, so an immediate retry would
 * only be refused again, and waiting for it holds the flush (on Lambda, the
 * response) for nothing.
 * @module
 */

/** Codes and messages runtimes give a refused TCP connection. */
const REFUSED = /ECONNREFUSED|ConnectionRefused|connection refused/i;

/**
 * @param error - what `fetch` rejected with.
 * @returns true when it, or an error it wraps (`cause`, `errors`), is a refused connection.
 * @example
 * retryable = !connectionRefused(error);
 */
export function connectionRefused(error: unknown): boolean {
  for (let depth = 0, current = error; depth < 4 && current; depth++) {
    const { code, message, errors, cause } = current as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (REFUSED.test(`${String(code)} ${String(message)}`)) return true;
    if (Array.isArray(errors) && errors.some(connectionRefused)) return true;
    current = cause;
  }
  return false;
}
