/**
 * The flush after the response: edge-trace registers as an internal
 * extension while the handler module loads (Lambda's Init), so Lambda keeps
 * the environment running after the runtime posts each response until the
 * extension asks for its next event. The handler returns at once; the
 * extension waits for the invocation's handler to settle, flushes within
 * the invocation's deadline minus the margin, and only then calls
 * `/event/next`, which lets the next invocation in.
 *
 * Registering is only accepted before the runtime's first
 * `/runtime/invocation/next`. `withTrace` runs while the module is
 * evaluated, before the runtime loads the handler and asks for work, so the
 * request is on its way first; if Lambda still refuses it, every invocation
 * flushes before returning instead, within its budget.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html
 * @module
 */
import type { SpanSink } from "../trace/span-data.js";
import { type ExtensionsApi, extensionsApi } from "./extensions-api.js";
import { flushBy } from "./flush.js";

/** The name edge-trace registers under. */
export const EXTENSION_NAME = "edge-trace";

/** Ended invocations kept for an INVOKE event that has not arrived yet, at most. */
const MAX_UNCLAIMED = 16;

/** What an ended invocation leaves for the extension to flush. */
export interface EndedInvocation {
  readonly sink: SpanSink | undefined;
  /** Time kept back from the invocation's deadline. */
  readonly marginMs: number;
}

/** The extension as the handler sees it. */
export interface AfterResponse {
  /**
   * `true` while flushing after the response works: registered, and its
   * loop running. Read when an invocation ends; a registration still
   * unanswered then (Lambda answers it during Init, so only where the API
   * misbehaves) counts as not registered, so no handler ever waits for it.
   */
  active(): boolean;
  /** The handler of invocation `requestId` settled: its spans may be flushed. */
  ended(requestId: string, invocation: EndedInvocation): void;
}

/**
 * Starts registering at once (call it during Init) and runs the event loop;
 * later calls in the same process get the same extension.
 * @param runtimeApi - `AWS_LAMBDA_RUNTIME_API`.
 * @param api - the Extensions API client, injectable for tests.
 * @returns the extension.
 */
export function afterResponse(
  runtimeApi: string,
  api: ExtensionsApi | undefined = extensionsApi(runtimeApi),
): AfterResponse {
  // One per process: Lambda waits for every registered extension before
  // each invocation, and a second `withTrace` in the module (one handler
  // exported per route, only one configured) would register one that never
  // sees its handler run. Module-level on purpose, like the cold-start
  // flag: an execution environment runs one invocation at a time and
  // nothing of a request is kept here beyond its own flush.
  processExtension ??= startExtension(api);
  return processExtension;
}

let processExtension: AfterResponse | undefined;

function startExtension(api: ExtensionsApi | undefined): AfterResponse {
  const ended = new Map<string, EndedInvocation>();
  const waiting = new Map<string, (invocation: EndedInvocation | undefined) => void>();
  let running = false;

  /** Resolves when the handler of `requestId` has settled, or at `deadline`. */
  const handlerEnded = (requestId: string, deadline: number) => {
    const done = ended.get(requestId);
    if (done) {
      ended.delete(requestId);
      return Promise.resolve(done);
    }
    return new Promise<EndedInvocation | undefined>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        resolve(undefined);
      }, deadline - Date.now());
      waiting.set(requestId, (invocation) => {
        clearTimeout(timer);
        waiting.delete(requestId);
        resolve(invocation);
      });
    });
  };

  const loop = async (client: ExtensionsApi, id: string) => {
    for (;;) {
      const event = await client.next(id);
      // Registered for INVOKE only; anything else (or a failure) ends the loop.
      if (event?.eventType !== "INVOKE" || !event.requestId) break;
      const invocation = await handlerEnded(event.requestId, event.deadlineMs);
      if (!invocation?.sink) continue;
      // Let the runtime post the response before the export encodes and sends.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const deadline = event.deadlineMs - invocation.marginMs;
      await flushBy(invocation.sink, deadline, deadline - Date.now());
    }
    running = false;
  };

  // The request goes out now, synchronously, while the module is evaluated.
  void (async () => {
    const id = await api?.register(EXTENSION_NAME);
    if (!api || !id) return;
    running = true;
    void loop(api, id);
  })();

  return {
    active: () => running,
    ended(requestId, invocation) {
      const resolve = waiting.get(requestId);
      if (resolve) return resolve(invocation);
      ended.set(requestId, invocation);
      // Bounded: an invocation whose INVOKE never comes must not be kept forever.
      if (ended.size > MAX_UNCLAIMED) ended.delete(ended.keys().next().value!);
    },
  };
}
