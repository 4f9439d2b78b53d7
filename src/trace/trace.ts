/**
 * The `Trace`: the explicit context object a handler is given.
 * @module
 */

import { freshHeadersAccess, headerAccess } from "../core/carrier.js";
import { injectWith } from "../core/composite-propagator.js";
import type { InjectContext } from "../core/propagator.js";
import { toUrl } from "../core/url.js";
import { type Baggage, type BaggageEntry, isValidBaggageKey } from "../core/w3c/baggage.js";
import { FLAG_SAMPLED, type SpanContext } from "../core/w3c/traceparent.js";
import type { TraceState } from "../core/w3c/tracestate.js";
import { type BaggageCell, replaceEntry } from "./baggage-cell.js";
import { createLogger, type LogFields, type Logger, logFields } from "./logger.js";
import { runActive } from "./run-active.js";
import type { Attributes, AttributeValue, Span, SpanStatus } from "./span-data.js";
import type { TraceCacheStorage } from "./trace-caches.js";
import type { TraceHost } from "./trace-host.js";
import type { SpanOptions } from "./trace-start.js";
import { isPromiseLike, isRequest } from "./values.js";

export type { SpanOptions } from "./trace-start.js";

const CLIENT: SpanOptions = { kind: "client" };

type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * The context of one unit of work (a request, a message, a scheduled run)
 * or of a child span inside it. It is a value: handlers receive it and pass
 * it on; nothing global holds "the current request". Its span records only
 * when an exporter is configured and the trace is sampled.
 */
export class Trace implements InjectContext {
  readonly #tracer: TraceHost<Trace>;
  readonly #context: SpanContext;
  readonly #parentSpanId: string | undefined;
  readonly #span: Span | undefined;
  readonly #traceState: TraceState | undefined;
  readonly #carried: Readonly<Record<string, string>> | undefined;
  readonly #baggage: BaggageCell;
  #log: Logger | undefined;

  constructor(
    tracer: TraceHost<Trace>,
    context: SpanContext,
    parentSpanId: string | undefined,
    span: Span | undefined,
    traceState: TraceState | undefined,
    baggage: BaggageCell,
    carried: Readonly<Record<string, string>> | undefined,
  ) {
    this.#tracer = tracer;
    this.#context = context;
    this.#parentSpanId = parentSpanId;
    this.#span = span;
    this.#traceState = traceState;
    this.#baggage = baggage;
    this.#carried = carried;
  }

  /** 32 hex digits shared by every span of the trace. */
  get traceId(): string {
    return this.#context.traceId;
  }
  /** This unit's span id: what a callee sees as parent when you use {@link headers}. */
  get spanId(): string {
    return this.#context.spanId;
  }
  /** The caller's span id, if the trace continues one. */
  get parentSpanId(): string | undefined {
    return this.#parentSpanId;
  }
  /** W3C trace flags: sampled (0x01) and random (0x02). */
  get traceFlags(): number {
    return this.#context.traceFlags;
  }
  /** Whether spans of this trace are recorded. Context propagates either way. */
  get sampled(): boolean {
    return (this.traceFlags & FLAG_SAMPLED) !== 0;
  }
  /** The vendor `tracestate`, passed on unchanged. */
  get traceState(): TraceState | undefined {
    return this.#traceState;
  }
  /** Format-specific fields passed through (X-Ray `Lineage`). */
  get carried(): Readonly<Record<string, string>> | undefined {
    return this.#carried;
  }
  /**
   * The runtime's Cache API (`caches.default`, `caches.open(name)`) for this
   * trace: with the Workers `bindings: bindingSpans()` option, `match`,
   * `put` and `delete` are client spans of this span, with hit or miss;
   * otherwise the global `caches` itself (absent where the runtime has
   * none, as in Node). The global is never patched.
   */
  get caches(): TraceCacheStorage {
    return (
      this.#tracer.options.bindings?.caches?.(this) ??
      ((globalThis as { caches?: unknown }).caches as TraceCacheStorage)
    );
  }
  /** The request's baggage, sent on with every outbound call; shared with child spans. */
  get baggage(): Baggage {
    return this.#baggage.current;
  }
  /** Whether this span records (an exporter is configured, the trace is sampled, not ended). */
  get isRecording(): boolean {
    return this.#span?.isRecording === true;
  }

  /** A baggage value, decoded. */
  getBaggage(key: string): string | undefined {
    return this.#baggage.current.get(key)?.value;
  }

  /**
   * Sets a baggage entry for downstream calls, for the whole request: a
   * parent and its child spans share one baggage. An invalid key is ignored.
   */
  setBaggage(key: string, value: string, properties?: BaggageEntry["properties"]): this {
    return isValidBaggageKey(key)
      ? this.#setEntry(key, properties ? { value, properties } : { value })
      : this;
  }

  /** Removes a baggage entry. */
  deleteBaggage(key: string): this {
    return this.#baggage.current.has(key) ? this.#setEntry(key, undefined) : this;
  }

  /**
   * `fetch` that records a client span and injects its context, so the
   * callee's parent is this call. A trace header the caller set wins.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return this.fetchVia(this.#tracer.baseFetch, input, init);
  }

  /** Like {@link fetch}, through another fetcher (a service binding, a Durable Object stub). */
  async fetchVia(
    fetcher: FetchFunction,
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    const request = isRequest(input) ? input : undefined;
    const method = init?.method ?? (request ? request.method : "GET");
    const tracer = this.#tracer;
    const recorder = tracer.recorder;
    // The call's own copy of the baggage: what is added for this call (the
    // caller route of edge-trace/metrics) is not sent on with later ones.
    const name = recorder ? recorder.http.spanName(method) : method;
    const client = this.#child(name, CLIENT, this.#baggage.current);
    // The URL is parsed only for what needs it: the span's attributes and the outbound policy.
    const url =
      client.#span || tracer.outbound ? toUrl(request ? request.url : String(input)) : undefined;
    // Before injection: metrics (edge-trace/metrics) may add baggage.
    const record = recorder?.record.recordClient(recorder, client, url, method, input);
    const given = init?.headers ?? request?.headers;
    const headers = new Headers(given);
    // Headers made from nothing hold no caller header: no need to ask them.
    const access = given === undefined ? freshHeadersAccess(headers) : headerAccess(headers);
    injectWith(tracer.propagators, client, access, tracer.outbound, url);
    const send = () => fetcher(input, init ? { ...init, headers } : { headers });
    return record ? record(send) : send();
  }

  /** The propagation headers for this span, for transports other than fetch. */
  headers(destination?: string | URL): Record<string, string> {
    const record: Record<string, string> = {};
    const tracer = this.#tracer;
    injectWith(tracer.propagators, this, headerAccess(record), tracer.outbound, toUrl(destination));
    return record;
  }

  /**
   * Runs `fn` in a child span, ended when `fn` returns or its promise
   * settles; a throw or rejection is recorded and re-thrown unchanged.
   */
  span<T>(name: string, fn: (span: Trace) => T, options?: SpanOptions): T {
    const child = this.#child(name, options);
    const tracer = this.#tracer;
    // edge-trace/opentelemetry: spans started through the API inside `fn` are the child's children.
    const body = (span: Trace) => runActive(tracer, span, () => fn(span));
    const recorder = tracer.recorder;
    if (recorder) return recorder.record.runInSpan(child, body);
    // Without a recorder there is nothing to record or end. A promise still
    // comes back as a new one that settles alike, as when recording.
    const result = body(child);
    return isPromiseLike(result) ? (Promise.resolve(result).then() as T) : result;
  }

  /** Starts a child span you end yourself, with a trace scoped to it. */
  startSpan(name: string, options?: SpanOptions): Trace {
    return this.#child(name, options);
  }

  /** Sets an attribute on this span. */
  setAttribute(key: string, value: AttributeValue | undefined): this {
    this.#span?.setAttribute(key, value);
    return this;
  }
  /** Sets attributes on this span. */
  setAttributes(attributes: Attributes): this {
    this.#span?.setAttributes(attributes);
    return this;
  }
  /** Adds an event to this span, at `time` (epoch ms; default now). */
  addEvent(name: string, attributes?: Attributes, time?: number): this {
    this.#span?.addEvent(name, attributes, time);
    return this;
  }
  /** Records an exception event (`exception.type`, `.message`, `.stacktrace`). */
  recordException(error: unknown): this {
    this.#span?.recordException(error);
    return this;
  }
  /**
   * Told by the baggage propagator which members the W3C limits kept out of
   * a header this trace wrote (members set here go before received ones):
   * recorded on this span as an `edge_trace.baggage.dropped` event with
   * their count. Not for user code to call.
   */
  onBaggageDropped(count: number): void {
    this.#span?.addEvent("edge_trace.baggage.dropped", {
      "edge_trace.baggage.dropped_count": count,
    });
  }
  /** Sets this span's status. */
  setStatus(code: SpanStatus["code"], message?: string): this {
    this.#span?.setStatus(code, message);
    return this;
  }
  /** Ends this trace's span (adapters do this for the server span). */
  end(endTime?: number): void {
    this.#span?.end(endTime);
  }

  /** Renames this span, as an HTTP server span does once its route is known. */
  updateName(name: string): this {
    this.#span?.updateName(name);
    return this;
  }
  /** Names an HTTP server span after its route (`GET /users/:id`) and sets `http.route`. */
  setRoute(method: string, route: string): this {
    const recorder = this.#tracer.recorder;
    recorder?.record.recordRoute(recorder, this, method, route);
    return this;
  }

  /** `{ trace_id, span_id, trace_flags }` for any logger. */
  logFields(): LogFields {
    return logFields(this.#context);
  }
  /** A JSON-lines logger whose every line carries {@link logFields}. */
  get log(): Logger {
    this.#log ??= createLogger(this.#context, this.#tracer.logWriter);
    return this.#log;
  }

  /** @param own - baggage of its own for the child, instead of sharing the request's. */
  #child(name: string, options: SpanOptions | undefined, own = options?.baggage): Trace {
    const tracer = this.#tracer;
    // edge-trace/opentelemetry: an API span active inside this one is the parent.
    const from = tracer.options.openTelemetry?.parentOf(this) ?? this;
    const parent = from.#context;
    // Field by field, not a spread: one shape, and no slow spread in Node 20.
    const context: SpanContext = {
      traceId: parent.traceId,
      spanId: tracer.ids.spanId(),
      traceFlags: parent.traceFlags,
    };
    // A child records when its parent does: same trace, same sampling decision.
    const recorder = from.#span && tracer.recorder;
    const span = recorder
      ? recorder.record.startChild(
          recorder,
          context,
          parent.spanId,
          from.#traceState,
          name,
          options,
        )
      : undefined;
    return new Trace(
      tracer,
      context,
      parent.spanId,
      span,
      from.#traceState,
      own ? { current: own } : from.#baggage,
      from.#carried,
    );
  }

  #setEntry(key: string, entry: BaggageEntry | undefined): this {
    replaceEntry(this.#baggage, key, entry);
    return this;
  }
}
