/**
 * The API's `TextMapPropagator`: `propagation.inject` and `extract` speak
 * the formats of the adapter whose span is in the context (its
 * `propagators`) and obey its outbound policy. The API names no
 * destination, so the policy is asked about an unknown one.
 * @module
 */
import {
  type Context,
  createTraceState,
  isSpanContextValid,
  propagation,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api";
import { type HeaderAccess, headerAccess } from "../core/carrier.js";
import { extractWith, injectWith } from "../core/composite-propagator.js";
import { DEFAULT_PROPAGATORS } from "../core/defaults.js";
import type { InjectContext } from "../core/propagator.js";
import type { Baggage } from "../core/w3c/baggage.js";
import { parseTracestate } from "../core/w3c/tracestate.js";
import type { PropagationHost } from "../trace/api-bridge.js";
import { fromApiBaggage, toApiBaggage } from "./api-baggage.js";
import { ApiSpan } from "./api-span.js";
import type { AlsContextManager } from "./context-manager.js";

/** Outside any traced handler: W3C Trace Context and Baggage, every destination. */
const DEFAULT_HOST: PropagationHost = { propagators: DEFAULT_PROPAGATORS, outbound: undefined };

/** Propagates through the adapter's own propagators. */
export class ApiPropagator implements TextMapPropagator {
  readonly #manager: AlsContextManager;

  constructor(manager: AlsContextManager) {
    this.#manager = manager;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpan(context);
    const ours = span instanceof ApiSpan ? span : undefined;
    const host = this.#host(ours);
    const given = propagation.getBaggage(context);
    const baggage: Baggage | undefined = given ? fromApiBaggage(given) : ours?.trace.baggage;
    const spanContext = span?.spanContext();
    const valid = spanContext !== undefined && isSpanContextValid(spanContext);
    // Without a valid span only baggage goes out: a trace header needs ids.
    const propagators = valid
      ? host.propagators
      : host.propagators.filter((propagator) => propagator.kind === "baggage");
    const ctx: InjectContext = {
      traceId: valid ? spanContext.traceId : "",
      spanId: valid ? spanContext.spanId : "",
      traceFlags: valid ? spanContext.traceFlags : 0,
      traceState: ours
        ? ours.trace.traceState
        : parseTracestate(spanContext?.traceState?.serialize()),
      baggage,
      carried: ours?.trace.carried,
    };
    const headers: Record<string, string> = {};
    injectWith(propagators, ctx, headerAccess(headers), host.outbound, undefined);
    for (const key in headers) setter.set(carrier, key, headers[key] as string);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let found: ReturnType<typeof extractWith>;
    try {
      found = extractWith(this.#host(undefined).propagators, readOnly(carrier, getter));
    } catch {
      return context;
    }
    let extracted = context;
    const remote = found.context;
    if (remote) {
      const state = remote.traceState?.toString();
      extracted = trace.setSpanContext(extracted, {
        traceId: remote.traceId,
        spanId: remote.spanId,
        traceFlags: remote.traceFlags,
        traceState: state ? createTraceState(state) : undefined,
        isRemote: true,
      });
    }
    const baggage = toApiBaggage(found.baggage);
    return baggage ? propagation.setBaggage(extracted, baggage) : extracted;
  }

  fields(): string[] {
    return this.#host(undefined).propagators.flatMap((propagator) => propagator.fields);
  }

  /** The adapter of `span`, else of the active span, else the defaults. */
  #host(span: ApiSpan | undefined): PropagationHost {
    const active = span ?? trace.getSpan(this.#manager.active());
    return active instanceof ApiSpan ? active.host : DEFAULT_HOST;
  }
}

/** A carrier read through the API's getter: values joined as `Headers.get` does. */
function readOnly(carrier: unknown, getter: TextMapGetter): HeaderAccess {
  return {
    get(name) {
      const value = getter.get(carrier, name);
      return Array.isArray(value) ? value.join(",") : (value ?? undefined);
    },
    set() {},
    keys: () => getter.keys(carrier).map((key) => key.toLowerCase()),
  };
}
