/**
 * An exporter that ends spans straight into a test's `SpanSink` (no
 * batching in between), so a test sees each span as it ends and decides
 * itself what a flush does.
 */
import type { BatchSink } from "../../src/export/batch-sink.js";
import { HTTP_CONVENTIONS } from "../../src/export/http-attributes.js";
import { DEFAULT_SPAN_LIMITS } from "../../src/export/limits.js";
import { SPAN_RECORDING } from "../../src/export/recording-operations.js";
import { startSpan } from "../../src/export/recording-span.js";
import type { Exporter } from "../../src/trace/recorder.js";
import type { Sampler } from "../../src/trace/sampler.js";
import type { SpanSink } from "../../src/trace/span-data.js";

export function sinkExporter(sink: SpanSink, sampler?: Sampler): Exporter {
  const host = { now: () => Date.now(), limits: DEFAULT_SPAN_LIMITS, onEnd: sink.onEnd.bind(sink) };
  return {
    setup: () => ({
      sampler,
      sink: sink as BatchSink,
      http: HTTP_CONVENTIONS,
      flushShared: (deadline) => sink.flush(deadline),
      record: SPAN_RECORDING,
      start: (start) => startSpan(host, start),
    }),
  };
}
