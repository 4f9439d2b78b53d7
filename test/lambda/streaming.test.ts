/**
 * Response streaming: a handler wrapped with `withStreamingTrace` and then
 * `awslambda.streamifyResponse`, run as Lambda's Node.js runtime runs it
 * (test double of the `awslambda` global, real function URL events).
 */
import { describe, expect, it } from "vitest";
import { withStreamingTrace } from "../../src/lambda.js";
import type { FinishedSpan, SpanSink } from "../../src/trace/span-data.js";
import { sinkExporter } from "../support/sink-exporter.js";
import { awslambdaDouble as awslambda, invokeStreaming } from "./awslambda-double.js";
import { lambdaContext, loadEvent } from "./support.js";

/** A sink that notes when each span ended and when the flush came. */
function timedSink() {
  const spans: FinishedSpan[] = [];
  const at: { ended?: number; flushed?: number } = {};
  const sink: SpanSink = {
    onEnd(span) {
      spans.push(span);
      at.ended = Date.now();
    },
    flush() {
      at.flushed = Date.now();
      return Promise.resolve();
    },
  };
  return { sink, spans, at };
}

describe("withStreamingTrace", () => {
  it("the span ends when the stream ends, after the handler's promise; the flush comes after", async () => {
    const { sink, spans, at } = timedSink();
    const handler = awslambda.streamifyResponse(
      withStreamingTrace(
        async (_event, responseStream, _context, trace) => {
          const stream = awslambda.HttpResponseStream.from(responseStream, {
            statusCode: 200,
            headers: { "content-type": "text/plain" },
          });
          stream.write("first ");
          // Still streaming when the handler's promise resolves.
          setTimeout(() => stream.end(`last ${trace.traceId}`), 150);
        },
        { exporter: sinkExporter(sink) },
      ),
    );
    const { stream, settledAt } = await invokeStreaming(
      handler,
      loadEvent("function-url"),
      lambdaContext(),
    );
    const span = spans[0]!;
    expect(stream.body()).toContain(`first last ${span.traceId}`);
    expect(stream.body().startsWith('{"statusCode":200')).toBe(true);
    expect(span.name).toBe("POST");
    // The function URL's traceparent is the parent.
    expect(span.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span.parentSpanId).toBe("b7ad6b7169203331");
    expect(at.ended!).toBeGreaterThanOrEqual(stream.finishedAt!);
    expect(span.endTime).toBeGreaterThanOrEqual(stream.finishedAt! - 1);
    expect(at.flushed!).toBeGreaterThanOrEqual(at.ended!);
    expect(settledAt).toBeGreaterThanOrEqual(at.flushed!);
  });

  it("a handler that ends the stream before returning: the span ends at once", async () => {
    const { sink, spans } = timedSink();
    const handler = awslambda.streamifyResponse(
      withStreamingTrace(
        async (_event, responseStream) => {
          responseStream.end("done");
        },
        { exporter: sinkExporter(sink) },
      ),
    );
    const started = Date.now();
    await invokeStreaming(handler, loadEvent("function-url"), lambdaContext());
    expect(spans).toHaveLength(1);
    expect(spans[0]!.status.code).not.toBe("error");
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("an error the handler throws is re-thrown unchanged, the span records it", async () => {
    const { sink, spans, at } = timedSink();
    const failure = new RangeError("no stock");
    const handler = awslambda.streamifyResponse(
      withStreamingTrace(
        async () => {
          throw failure;
        },
        { exporter: sinkExporter(sink) },
      ),
    );
    await expect(invokeStreaming(handler, loadEvent("function-url"), lambdaContext())).rejects.toBe(
      failure,
    );
    expect(spans[0]!.status).toEqual({ code: "error", message: "no stock" });
    expect(at.flushed).toBeDefined();
  });

  it("a stream that fails: the span ends with its error", async () => {
    const { sink, spans } = timedSink();
    const handler = withStreamingTrace(
      async (_event, responseStream: NodeJS.WritableStream & { destroy(e: Error): void }) => {
        responseStream.on("error", () => {});
        responseStream.destroy(new Error("client went away"));
      },
      { exporter: sinkExporter(sink) },
    );
    const { responseStream } = await import("./awslambda-double.js");
    await handler(loadEvent("function-url"), responseStream(), lambdaContext());
    expect(spans[0]!.status).toEqual({ code: "error", message: "client went away" });
  });

  it("the trace is the handler's fourth argument and traceOf(event) finds it", async () => {
    const { traceOf } = await import("../../src/lambda.js");
    const { sink } = timedSink();
    let same = false;
    const handler = awslambda.streamifyResponse(
      withStreamingTrace(
        async (event, responseStream, _context, trace) => {
          same = traceOf(event as object) === trace;
          responseStream.end();
        },
        { exporter: sinkExporter(sink) },
      ),
    );
    await invokeStreaming(handler, loadEvent("function-url"), lambdaContext());
    expect(same).toBe(true);
  });
});
