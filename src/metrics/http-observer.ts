/**
 * The request observer behind `httpMetrics()`: times every server request
 * and `trace.fetch` call, sampled or not, into the two semantic-convention
 * histograms, and carries the caller's route when asked to.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 * @module
 */
import type { RequestObserver } from "../trace/recorder.js";
import type { Trace } from "../trace/trace.js";
import { errorType } from "../trace/values.js";
import { CALLER_ROUTE_ATTRIBUTE, sendCallerRoute, takeCallerRoute } from "./caller-route.js";
import type { Exemplar, Histogram } from "./histogram.js";
import {
  clientError,
  normalMethod,
  serverError,
  serverOf,
  statusOf,
  targetOf,
} from "./request-attributes.js";

/** A server request in flight. */
interface Served {
  readonly trace: Trace;
  readonly start: number;
  readonly method: string;
  route: string | (() => string | undefined) | undefined;
  readonly caller: string | undefined;
}

/** In-flight requests tracked for the caller route, at most; the oldest go first. */
const MAX_IN_FLIGHT = 10_000;

/** What the observer records into. */
export interface HttpHistograms {
  readonly server: Histogram;
  readonly client: Histogram;
  /** Record the caller's route on server points (opt-in). */
  readonly recordCaller: boolean;
  /** Also send this service's route on outbound calls (opt-in). */
  readonly sendRoute: boolean;
  /** Called after each measurement (servers arm their export timer). */
  readonly recorded: () => void;
}

/**
 * @param histograms - where measurements go.
 * @returns the observer for the recorder's `requests` hook.
 */
export function httpObserver(histograms: HttpHistograms): RequestObserver {
  const { server, client, recordCaller, sendRoute, recorded } = histograms;
  const served = new WeakMap<Trace, Served>();
  // By trace id, for `trace.fetch` calls made from child spans (only when sending the route).
  const byTraceId = new Map<string, Served[]>();

  return {
    start(trace, method, route) {
      const state: Served = {
        trace,
        start: performance.now(),
        method: normalMethod(method),
        route,
        caller: recordCaller ? takeCallerRoute(trace) : undefined,
      };
      served.set(trace, state);
      if (!sendRoute) return;
      if (byTraceId.size >= MAX_IN_FLIGHT) byTraceId.delete(byTraceId.keys().next().value!);
      const list = byTraceId.get(trace.traceId);
      if (list) list.push(state);
      else byTraceId.set(trace.traceId, [state]);
    },
    route(trace, _method, route) {
      const state = served.get(trace);
      if (state) state.route = route;
    },
    end(trace, outcome) {
      const state = served.get(trace);
      if (!state) return;
      served.delete(trace);
      forget(byTraceId, state);
      const status = statusOf(outcome);
      const error = "error" in outcome ? errorType(outcome.error) : serverError(status);
      const route = routeOf(state, status);
      const seconds = (performance.now() - state.start) / 1000;
      const key = `${state.method} ${route ?? ""} ${status ?? ""} ${error ?? ""} ${state.caller ?? ""}`;
      server.record(
        key,
        () => ({
          "http.request.method": state.method,
          "http.route": route,
          "http.response.status_code": status,
          "error.type": error,
          [CALLER_ROUTE_ATTRIBUTE]: state.caller,
        }),
        seconds,
        exemplarOf(trace, seconds),
      );
      recorded();
    },
    client(call, input, method) {
      if (sendRoute) sendCallerRoute(call, callerRouteOf(byTraceId, call));
      const start = performance.now();
      const upper = normalMethod(method);
      return (pending) => {
        const done = (status: number | undefined, error: unknown): void => {
          const { address, port } = serverOf(targetOf(input));
          const type = error === undefined ? clientError(status) : errorType(error);
          const seconds = (performance.now() - start) / 1000;
          client.record(
            `${upper} ${address ?? ""} ${port ?? ""} ${status ?? ""} ${type ?? ""}`,
            () => ({
              "http.request.method": upper,
              "server.address": address,
              "server.port": port,
              "http.response.status_code": status,
              "error.type": type,
            }),
            seconds,
            exemplarOf(call, seconds),
          );
          recorded();
        };
        pending.then(
          (response) => done(response.status, undefined),
          (error: unknown) => done(undefined, error ?? "_OTHER"),
        );
      };
    },
  };
}

/** The route to send on a call: that of the request being served in this trace. */
function callerRouteOf(byTraceId: Map<string, Served[]>, call: Trace): string | undefined {
  const list = byTraceId.get(call.traceId);
  if (!list) return undefined;
  // The request whose own span is the call's parent; else the latest one of the trace.
  const state = list.find((s) => s.trace.spanId === call.parentSpanId) ?? list[list.length - 1]!;
  const route = routeOf(state, undefined);
  return route === undefined ? undefined : `${state.method} ${route}`;
}

function routeOf(state: Served, status: number | undefined): string | undefined {
  let route: string | undefined;
  try {
    route = typeof state.route === "function" ? state.route() : state.route;
  } catch {
    return undefined;
  }
  if (typeof route !== "string" || route === "") return undefined;
  // A catch-all that answered 404 is no route (Hono's `*` middleware path).
  if ((route === "*" || route === "/*") && status === 404) return undefined;
  return route;
}

function forget(byTraceId: Map<string, Served[]>, state: Served): void {
  const list = byTraceId.get(state.trace.traceId);
  if (!list) return;
  const i = list.indexOf(state);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) byTraceId.delete(state.trace.traceId);
}

function exemplarOf(trace: Trace, seconds: number): Exemplar | undefined {
  if (!trace.sampled) return undefined;
  return { time: Date.now(), value: seconds, traceId: trace.traceId, spanId: trace.spanId };
}
