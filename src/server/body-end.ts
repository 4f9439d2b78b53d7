/**
 * Notices when a response body has been sent: a pass-through stream that
 * reads the handler's body one chunk per read of its own (high-water mark
 * 0: nothing buffered in between), so its end is the body's end, its
 * `cancel` the client going away, and a failed read the body's error.
 * (`pipeTo` into a `TransformStream` is smaller, but in workerd a client
 * that hangs up settles it as if the body had been sent.)
 * @module
 */

import { recordFailure } from "../trace/failure.js";
import type { SpanEnd } from "../trace/recorder.js";

/**
 * @param body - the handler's body; read only through the returned stream.
 * @param trace - the server span: a read error is recorded on it, a cancel
 *   adds a `cancelled` event; it ends when the body ends either way.
 * @returns the stream to send, and a promise that settles when the span has ended.
 */
export function watchBody(
  body: ReadableStream<Uint8Array>,
  trace: SpanEnd,
): [ReadableStream<Uint8Array>, Promise<void>] {
  // Taken at the first read, so a stream that is never read leaves `body` untouched.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let end!: () => void;
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  }).then(() => trace.end());
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          reader ??= body.getReader();
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          controller.close();
        } catch (error) {
          recordFailure(trace, error);
          controller.error(error);
        }
        end();
      },
      cancel(reason) {
        trace.addEvent("cancelled");
        end();
        return (reader ?? body).cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return [stream, ended];
}
