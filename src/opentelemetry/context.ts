/**
 * The API's `Context` as the bridge makes it: an immutable map whose
 * baggage, when none was set, is the baggage of the edge-trace span it
 * holds, so `propagation.getBaggage(context.active())` reads the
 * request's baggage as it is now (`trace.setBaggage` included).
 * @module
 */
import { type Context, createContextKey, trace } from "@opentelemetry/api";
import { toApiBaggage } from "./api-baggage.js";
import { ApiSpan } from "./api-span.js";

/** The API's own key (`createContextKey` is `Symbol.for`): every copy of the API shares it. */
const BAGGAGE_KEY = /* @__PURE__ */ createContextKey("OpenTelemetry Baggage Key");

/** An immutable context: each change makes a new one. */
export class BridgeContext implements Context {
  readonly #values: ReadonlyMap<symbol, unknown>;

  constructor(values: ReadonlyMap<symbol, unknown> = new Map()) {
    this.#values = values;
  }

  getValue(key: symbol): unknown {
    if (this.#values.has(key)) return this.#values.get(key);
    if (key !== BAGGAGE_KEY) return undefined;
    const span = trace.getSpan(this);
    return span instanceof ApiSpan ? toApiBaggage(span.trace.baggage) : undefined;
  }

  setValue(key: symbol, value: unknown): Context {
    return new BridgeContext(new Map(this.#values).set(key, value));
  }

  /** Kept as `undefined` rather than removed, so a deleted baggage stays deleted. */
  deleteValue(key: symbol): Context {
    return this.setValue(key, undefined);
  }
}
