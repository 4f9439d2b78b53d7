/**
 * The micro benchmark cases: the same work done by edge-trace, by
 * `@opentelemetry/api` + `@opentelemetry/core`, and by plain `Headers`
 * get/set of the three trace headers (the floor no propagator can beat).
 * @module
 */
import {
  type Context,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";
import { extract, inject, type RemoteContext } from "../../src/index.js";

/** The implementations compared, in report order. */
export const IMPLS = ["edge-trace", "otel", "floor"] as const;
export type Impl = (typeof IMPLS)[number];

/** The cases, in report order. `malformed` is extract + inject over the malformed headers. */
export const CASES = ["extract+inject", "extract", "inject", "malformed"] as const;
export type CaseName = (typeof CASES)[number];

/** One unit of work: reads the request headers, returns what it produced (kept alive by the runner). */
export type Work = (headers: Headers) => unknown;

/** What OpenTelemetry users write for Fetch `Headers` (otel-cf-workers does the same). */
const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};
const headersSetter: TextMapSetter<Headers> = {
  set: (headers, key, value) => headers.set(key, value),
};

/** Built once, as an OpenTelemetry SDK builds it at startup; no global registration. */
const otel = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

const edgeExtract = (headers: Headers): RemoteContext | undefined => extract(headers);
const edgeInject = (remote: RemoteContext | undefined): Headers => {
  const out = new Headers();
  // The remote context re-emitted as is: a RemoteContext is an InjectContext.
  if (remote) inject(remote, out);
  return out;
};

const otelExtract = (headers: Headers): Context =>
  otel.extract(ROOT_CONTEXT, headers, headersGetter);
const otelInject = (context: Context): Headers => {
  const out = new Headers();
  otel.inject(context, out, headersSetter);
  return out;
};

type Values = readonly [string | null, string | null, string | null];

/** Unrolled on purpose: the floor is the least work that moves the three headers. */
const floorExtract = (headers: Headers): Values => [
  headers.get("traceparent"),
  headers.get("tracestate"),
  headers.get("baggage"),
];
const floorInject = ([traceparent, tracestate, baggage]: Values): Headers => {
  const out = new Headers();
  if (traceparent !== null) out.set("traceparent", traceparent);
  if (tracestate !== null) out.set("tracestate", tracestate);
  if (baggage !== null) out.set("baggage", baggage);
  return out;
};

/** Extract then inject the same context into fresh outbound headers: one proxied request. */
export const extractInject: Readonly<Record<Impl, (headers: Headers) => Headers>> = {
  "edge-trace": (headers) => edgeInject(edgeExtract(headers)),
  otel: (headers) => otelInject(otelExtract(headers)),
  floor: (headers) => floorInject(floorExtract(headers)),
};

/**
 * The work of every implementation for every case over `input` (the
 * realistic headers) and `malformed`. Inject-only injects a context
 * extracted once from `input`, so it measures writing alone.
 *
 * @param input - the realistic request headers.
 * @param malformed - the malformed request headers.
 * @returns the work per case and implementation.
 */
export function makeCases(
  input: Headers,
  malformed: Headers,
): Record<CaseName, { readonly input: Headers; readonly work: Record<Impl, Work> }> {
  const edgeRemote = edgeExtract(input);
  const otelContext = otelExtract(input);
  const floorValues = floorExtract(input);
  return {
    "extract+inject": { input, work: extractInject },
    extract: {
      input,
      work: { "edge-trace": edgeExtract, otel: otelExtract, floor: floorExtract },
    },
    inject: {
      input,
      work: {
        "edge-trace": () => edgeInject(edgeRemote),
        otel: () => otelInject(otelContext),
        floor: () => floorInject(floorValues),
      },
    },
    malformed: { input: malformed, work: extractInject },
  };
}
