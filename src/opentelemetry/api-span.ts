/**
 * An edge-trace `Trace` seen through `@opentelemetry/api`'s `Span`: what
 * `trace.getActiveSpan()` returns inside a traced handler, and what a
 * tracer from the bridge's provider starts. Every call lands on the
 * trace's own recording span, so limits, attribute checks, sampling and
 * export are edge-trace's.
 * @module
 */
import {
  createTraceState,
  type Exception,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanContext,
  type SpanStatus,
  type TimeInput,
} from "@opentelemetry/api";
import type { PropagationHost } from "../trace/api-bridge.js";
import type { Attributes, AttributeValue, SpanLink } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { exceptionAttributes, toEpochMs, toLinks, toStatusCode } from "./conversions.js";

/** An edge-trace span as an API `Span`. */
export class ApiSpan implements Span {
  /** The trace whose span this is. */
  readonly trace: Trace;
  /** How its trace propagates: the adapter's propagators and outbound policy. */
  readonly host: PropagationHost;
  /**
   * The API span that was active when this one became active or was
   * started (same trace only): the chain that tells which spans run inside which.
   */
  readonly within: ApiSpan | undefined;
  /**
   * The links its recording span was started with, the same array: links
   * added later are read when the span ends. `undefined` for spans that
   * edge-trace started (their links are fixed), where `addLink` does nothing.
   */
  readonly #links: SpanLink[] | undefined;
  #context: SpanContext | undefined;

  constructor(
    host: PropagationHost,
    trace: Trace,
    within: ApiSpan | undefined,
    links?: SpanLink[] | undefined,
  ) {
    this.host = host;
    this.trace = trace;
    this.within = within;
    this.#links = links;
  }

  spanContext(): SpanContext {
    if (!this.#context) {
      const { traceId, spanId, traceFlags, traceState } = this.trace;
      const state = traceState?.toString();
      this.#context = {
        traceId,
        spanId,
        traceFlags,
        traceState: state ? createTraceState(state) : undefined,
        isRemote: false,
      };
    }
    return this.#context;
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    this.trace.setAttribute(key, value as AttributeValue);
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    this.trace.setAttributes(attributes as Attributes);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    // The API lets the second argument be the time when there are no attributes.
    const isTime =
      typeof attributesOrTime === "number" ||
      attributesOrTime instanceof Date ||
      Array.isArray(attributesOrTime);
    const attributes = isTime ? undefined : (attributesOrTime as Attributes | undefined);
    this.trace.addEvent(name, attributes, toEpochMs(isTime ? attributesOrTime : time));
    return this;
  }

  addLink(link: Link): this {
    return this.addLinks([link]);
  }

  addLinks(links: Link[]): this {
    if (this.#links && this.trace.isRecording) this.#links.push(...toLinks(links));
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.trace.setStatus(toStatusCode(status), status.message);
    return this;
  }

  updateName(name: string): this {
    this.trace.updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.trace.end(toEpochMs(endTime));
  }

  isRecording(): boolean {
    return this.trace.isRecording;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.trace.addEvent("exception", exceptionAttributes(exception), toEpochMs(time));
  }
}
