import type { FinishedSpan, SpanSink } from "../../src/trace/span-data.js";

/** A sink that keeps every finished span in memory, for assertions. */
export function collectingSink(): SpanSink & { spans: FinishedSpan[]; flushes: number } {
  const sink = {
    spans: [] as FinishedSpan[],
    flushes: 0,
    onEnd(span: FinishedSpan) {
      sink.spans.push(span);
    },
    flush() {
      sink.flushes++;
      return Promise.resolve();
    },
  };
  return sink;
}

/** A fetch that records each call's headers and answers 200 (or `status`). */
export function recordingFetch(status = 200) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push({ url: request.url, headers: request.headers });
    return new Response("ok", { status });
  };
  return { calls, fetch: fetcher as typeof fetch };
}
