/**
 * Responses as comparable values: status, status text, every header and
 * the body's bytes, read completely (so "the client has its full
 * response" is a fact, not a hope).
 */

/** A response read to its last byte. */
export interface ResponseSnapshot {
  readonly status: number;
  readonly statusText: string;
  /** Every header, sorted; `date` left out (it ticks between two requests). */
  readonly headers: readonly (readonly [string, string])[];
  /** The body bytes, as hex. */
  readonly body: string;
}

/** What is read of a response: a Fetch API one, or Miniflare's (undici) own class. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Headers a server stamps per response, which two identical responses may differ in. */
const PER_RESPONSE = new Set(["date"]);

/**
 * Reads a response completely.
 * @param response - the response to read.
 * @returns its snapshot.
 */
export async function snapshot(response: ResponseLike): Promise<ResponseSnapshot> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (!PER_RESPONSE.has(name)) headers.push([name, value]);
  });
  headers.sort(([a], [b]) => a.localeCompare(b));
  return {
    status: response.status,
    statusText: response.statusText,
    headers,
    body: Buffer.from(bytes).toString("hex"),
  };
}

/**
 * Polls until `find` returns something other than `undefined`/`false`.
 * @param find - what to look for.
 * @param what - for the timeout message.
 * @param timeoutMs - how long to wait.
 */
export async function eventually<T>(
  find: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
