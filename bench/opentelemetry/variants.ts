/**
 * What the opentelemetry section times on Node: spans made inside a traced
 * request, through edge-trace's own `trace.span()` (with and without the
 * bridge) and through `@opentelemetry/api` to the bridge or to
 * `@opentelemetry/sdk-trace-base`'s provider. Every variant runs under the
 * bridge's AsyncLocalStorage context manager, so the context cost is the
 * same; edge-trace's spans are encoded to OTLP/JSON and posted to an
 * in-memory `fetch` at each flush, the SDK's go to a span processor that
 * drops them (no exporter at all).
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type Tracer, trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { withTrace } from "../../src/fetch.js";
import { openTelemetry } from "../../src/opentelemetry.js";
import { otlp } from "../../src/otlp.js";
import type { Trace } from "../../src/trace/trace.js";

/** One variant: a request that makes `spans` spans, and its flush. */
export interface SpanVariant {
  readonly id: string;
  readonly label: string;
  request(spans: number): Promise<void>;
  flush(): Promise<void>;
}

const ok = async (): Promise<Response> => new Response("{}", { status: 200 });
const REQUEST = "http://shop.test/items/1";

/** @returns the variants, in report order; the first is the base of every ratio. */
export function spanVariants(): SpanVariant[] {
  const otel = openTelemetry({ AsyncLocalStorage });
  const bridged = trace.getTracerProvider().getTracer("bench", "1.0.0");
  const sdk = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: () => undefined,
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      },
    ],
  }).getTracer("bench", "1.0.0");

  const make = (
    id: string,
    label: string,
    bridge: boolean,
    body: (t: Trace, spans: number) => void,
  ): SpanVariant => {
    let spans = 0;
    const handler = withTrace(
      (_request: Request, _info: unknown, t) => {
        body(t, spans);
        return new Response("ok");
      },
      {
        exporter: otlp({ fetch: ok, scheduledDelayMs: 0, maxQueueSize: 100_000 }),
        openTelemetry: bridge ? otel : undefined,
        flushOnExit: false,
        env: {},
      },
    );
    return {
      id,
      label,
      async request(count) {
        spans = count;
        await handler(new Request(REQUEST), undefined);
      },
      flush: () => handler.flush(),
    };
  };

  const native = (t: Trace, spans: number): void => {
    for (let i = 0; i < spans; i++) t.span("work", (span) => span.setAttribute("item", i));
  };
  const api = (tracer: Tracer) => (_t: Trace, spans: number) => {
    for (let i = 0; i < spans; i++) {
      tracer.startActiveSpan("work", (span) => {
        span.setAttribute("item", i);
        span.end();
      });
    }
  };
  return [
    make("native", "edge-trace `trace.span()`, no bridge", false, native),
    make("native-bridged", "edge-trace `trace.span()`, bridge on", true, native),
    make("api-bridge", "`startActiveSpan` → edge-trace/opentelemetry", true, api(bridged)),
    make("api-sdk", "`startActiveSpan` → sdk-trace-base (no exporter)", true, api(sdk)),
  ];
}
