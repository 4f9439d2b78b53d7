/**
 * An exporter that ends spans straight into a test's `SpanSink` (no
 * batching in between), so a test sees each span as it ends and decides
 * itself what a flush does.
 */
import type { BatchSink } from "../../src/spans/batch-sink.js";
import { watchBody } from "../../src/spans/body-end.js";
import { HTTP_CONVENTIONS } from "../../src/spans/http-attributes.js";
import { DEFAULT_SPAN_LIMITS } from "../../src/spans/limits.js";
import type { Exporter } from "../../src/spans/recorder.js";
import type { Sampler } from "../../src/spans/sampler.js";
import { startSpan } from "../../src/spans/span.js";
import type { SpanSink } from "../../src/spans/types.js";

export function sinkExporter(sink: SpanSink, sampler?: Sampler): Exporter {
  const host = { now: () => Date.now(), limits: DEFAULT_SPAN_LIMITS, onEnd: sink.onEnd.bind(sink) };
  return {
    setup: () => ({
      sampler,
      sink: sink as BatchSink,
      http: HTTP_CONVENTIONS,
      flushShared: (deadline) => sink.flush(deadline),
      watchBody,
      start: (start) => startSpan(host, start),
    }),
  };
}
