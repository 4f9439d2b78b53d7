// @opentelemetry/api + core, propagation only: W3C trace context and baggage, composite.
import { ROOT_CONTEXT, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from "@opentelemetry/core";

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
const getter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};
const setter: TextMapSetter<Headers> = { set: (headers, key, value) => headers.set(key, value) };

export default {
  fetch(request: Request): Promise<Response> {
    const context = propagator.extract(ROOT_CONTEXT, request.headers, getter);
    const headers = new Headers();
    propagator.inject(context, headers, setter);
    return fetch("https://example.com", { headers });
  },
};
