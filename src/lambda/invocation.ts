/**
 * One invocation's span: extract (event carrier, X-Ray, batch links),
 * start, and end with the handler's result or error.
 * @module
 */
import { type HeaderRecord, headerAccess } from "../core/carrier.js";
import { type Found, NOTHING_FOUND, readCarrier } from "../core/composite-propagator.js";
import { applyInbound, type InboundPolicy, isTrusted } from "../core/inbound.js";
import { recordFailure } from "../trace/failure.js";
import type { HttpConventions, RequestObserver } from "../trace/recorder.js";
import type { SpanLink } from "../trace/span-data.js";
import type { Trace } from "../trace/trace.js";
import { bindTrace } from "../trace/trace-of.js";
import type { Tracer } from "../trace/tracer.js";
import { faasAttributes, type LambdaContext, type LambdaEnv, takeColdStart } from "./context.js";
import { describeEvent, type InvocationShape } from "./event-kinds.js";
import { resultStatus, withTraceResponse } from "./http.js";
import { type RecordState, registerBatch } from "./records.js";
import { applyXray, toLink, XRAY_ENV, type XrayMode, type XraySource } from "./xray.js";

/** The resolved options an invocation needs. */
export interface InvocationSettings<E> {
  readonly inbound: InboundPolicy<E>;
  readonly xray: XrayMode;
  readonly perRecord: boolean;
  readonly traceResponse: boolean;
}

/** A started invocation. */
export interface Invocation {
  readonly trace: Trace;
  readonly shape: InvocationShape;
  /** Measures HTTP invocations when metrics are on (edge-trace/metrics). */
  readonly requests?: RequestObserver | undefined;
  /** The recorder's HTTP conventions; `undefined` without an exporter (nothing records). */
  readonly conventions?: HttpConventions | undefined;
}

/**
 * Starts the invocation's span and binds it to the event for `traceOf`. Never throws.
 */
export function startInvocation<E>(
  tracer: Tracer,
  settings: InvocationSettings<E>,
  event: E,
  context: LambdaContext,
  env: LambdaEnv,
): Invocation {
  const coldStart = takeColdStart(env);
  const functionName = typeof context?.functionName === "string" ? context.functionName : "";
  const conventions = tracer.recorder?.http;
  const shape = describeEvent(event, functionName, conventions);
  const attributes = { ...safeFaas(context, shape, coldStart, env), ...shape.attributes };
  let trace: Trace;
  try {
    trace = startTraced(tracer, settings, event, shape, attributes, env);
  } catch {
    // Bad input never reaches the handler as an error: start a new trace.
    const inbound = { links: [], baggage: new Map() };
    trace = tracer.startTrace({ name: shape.name, kind: shape.spanKind, inbound, attributes });
  }
  if (typeof event === "object" && event !== null) bindTrace(event, trace);
  const requests = shape.http ? tracer.recorder?.requests : undefined;
  requests?.start(trace, shape.http!.method, shape.http!.route);
  return { trace, shape, requests, conventions };
}

function startTraced<E>(
  tracer: Tracer,
  settings: InvocationSettings<E>,
  event: E,
  shape: InvocationShape,
  attributes: SpanLink["attributes"],
  env: LambdaEnv,
): Trace {
  const policy = trustOnce(settings.inbound, event);
  // With the awsXray propagator configured, the header is one more format it reads.
  const headerIsPropagated = tracer.propagators.some((p) => p.name === "xray");
  const sources: XraySource[] = [{ value: env[XRAY_ENV], source: "x-ray-env" }];
  if (shape.carrier && !headerIsPropagated) {
    sources.push({
      value: headerAccess(shape.carrier).get("x-amzn-trace-id"),
      source: "x-ray-header",
    });
  }
  const own = applyXray(settings.xray, extract(tracer, shape.carrier), sources);
  const links: SpanLink[] = [...own.links];
  const records = new WeakMap<object, RecordState>();
  for (const message of shape.linked) {
    const xray = applyXray(settings.xray, extract(tracer, message.headers), [
      { value: message.xrayHeader, source: "x-ray-message" },
    ]);
    const inbound = applyInbound(xray.found, policy, event);
    const id = { "messaging.message.id": message.attributes["messaging.message.id"] };
    if (inbound.parent) links.push(toLink(inbound.parent, id));
    for (const context of inbound.links) links.push(toLink(context, id));
    links.push(...xray.links);
    records.set(message.record, {
      inbound,
      links: xray.links,
      name: message.name,
      attributes: message.attributes,
    });
  }
  const trace = tracer.startTrace({
    name: shape.name,
    kind: shape.spanKind,
    inbound: applyInbound(own.found, policy, event),
    attributes,
    links,
  });
  if (shape.linked.length > 0) {
    registerBatch(trace, { tracer, perRecord: settings.perRecord, records });
  }
  return trace;
}

/** What the handler did: returned a result or threw. */
export type Outcome<R> = { readonly result: R } | { readonly error: unknown };

/**
 * Ends the invocation's span with the handler's outcome. Never throws.
 * @returns the result to send: the handler's own, or a copy with `traceresponse`.
 */
export function endInvocation<R>(
  { trace, shape, requests, conventions }: Invocation,
  outcome: Outcome<R>,
  traceResponse: boolean,
): R | undefined {
  const result = "result" in outcome ? outcome.result : undefined;
  try {
    if ("error" in outcome) {
      recordFailure(trace, outcome.error);
      requests?.end(trace, outcome);
    } else if (shape.http) {
      const status = resultStatus(result, shape.http.defaultsTo200);
      requests?.end(trace, { status });
      if (status !== undefined && conventions) {
        trace.setAttributes(conventions.response(status, "server"));
        if (conventions.isError(status, "server")) trace.setStatus("error");
      }
    }
    trace.end();
    if (!traceResponse || !shape.http || "error" in outcome) return result;
    return withTraceResponse(result, trace, shape.http.multiValue);
  } catch {
    return result;
  }
}

/** A predicate policy is asked once per invocation, with the event, then applies to every record. */
function trustOnce<E>(policy: InboundPolicy<E>, event: E): "trust" | "ignore" {
  return isTrusted(policy, event) ? "trust" : "ignore";
}

function extract(tracer: Tracer, carrier: HeaderRecord | undefined): Found {
  return carrier ? readCarrier(tracer.propagators, carrier) : NOTHING_FOUND;
}

function safeFaas(
  context: LambdaContext,
  shape: InvocationShape,
  coldStart: boolean,
  env: LambdaEnv,
): SpanLink["attributes"] {
  try {
    return faasAttributes(context, shape.trigger, coldStart, env);
  } catch {
    return { "faas.trigger": shape.trigger, "faas.coldstart": coldStart };
  }
}
