/**
 * The API's `TracerProvider`: one tracer per instrumentation scope, and a
 * mark that lets a second `openTelemetry()` find the bridge registered first.
 * @module
 */
import {
  ProxyTracerProvider,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type { OpenTelemetryBridge } from "../trace/api-bridge.js";
import type { Trace } from "../trace/trace.js";
import { ApiTracer, type TracerHost } from "./api-tracer.js";

/** Marks the provider, so a second `openTelemetry()` finds the first bridge. */
const BRIDGE = /* @__PURE__ */ Symbol.for("edge-trace.opentelemetry");

/** A provider as `registeredBridge` reads it, from whichever copy of edge-trace registered it. */
type Marked = { readonly [BRIDGE]?: OpenTelemetryBridge<Trace> };

/** The registered provider: its tracers, by scope, and the bridge it belongs to. */
export class BridgeTracerProvider implements TracerProvider {
  readonly #host: TracerHost;
  readonly #tracers = new Map<string, Tracer>();

  constructor(host: TracerHost, bridge: OpenTelemetryBridge<Trace>) {
    this.#host = host;
    // A symbol from the global registry, not a declared member: a second copy of edge-trace reads it too.
    Object.defineProperty(this, BRIDGE, { value: bridge });
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const schemaUrl = options?.schemaUrl;
    const key = `${name}\n${version ?? ""}\n${schemaUrl ?? ""}`;
    let tracer = this.#tracers.get(key);
    if (!tracer) {
      // One scope object per tracer: the OTLP encoder groups spans by it.
      tracer = new ApiTracer(this.#host, { name, version, schemaUrl });
      this.#tracers.set(key, tracer);
    }
    return tracer;
  }
}

/** The bridge of an earlier `openTelemetry()` on this copy of the API's globals. */
export function registeredBridge(): OpenTelemetryBridge<Trace> | undefined {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  return (delegate as Marked)[BRIDGE];
}
