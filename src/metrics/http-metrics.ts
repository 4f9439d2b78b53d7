/**
 * `httpMetrics()`: the HTTP server and client request-duration histograms,
 * aggregated in memory per isolate or process, exported with delta
 * temporality to `/v1/metrics` on the span recorder's flushes.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 * @module
 */

import type { Signal } from "../export/signal.js";
import { boundedFlights, joinFlush } from "../signals/join-flush.js";
import { postOtlp } from "../signals/otlp-post.js";
import { positiveInt, signalConfig } from "../signals/signal-config.js";
import { DEFAULT_CARDINALITY_LIMIT, DURATION_BUCKETS, Histogram } from "./histogram.js";
import { httpObserver } from "./http-observer.js";
import { encodeMetricsRequest } from "./otlp-metrics-json.js";

/** Options of {@link httpMetrics}. */
export interface HttpMetricsOptions {
  /**
   * The full metrics URL. Default, first found: `otlp()`'s `endpoint` + `/v1/metrics`,
   * `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/metrics`,
   * `http://localhost:4318/v1/metrics`.
   */
  readonly endpoint?: string | undefined;
  /**
   * `true`: carry this service's route to the services it calls, in the
   * baggage member `edge-trace.caller.route`, and break server metrics down
   * by the caller's route (`edge_trace.caller.route`, `*` when unknown).
   * `"record"`: only the breakdown; send nothing. Default `false`. The route
   * (such as `POST /cart/add`) goes wherever baggage goes: restrict baggage
   * to your own hosts with `outboundPolicy`.
   */
  readonly callerRoute?: boolean | "record" | undefined;
  /** Attribute sets per metric and interval, the overflow point included. Default 2000. */
  readonly cardinalityLimit?: number | undefined;
  /**
   * @deprecated Ignored: on servers one timer sends spans, logs and metrics
   * together, every `scheduledDelayMs` of `otlp()` (`OTEL_BSP_SCHEDULE_DELAY`).
   */
  readonly exportIntervalMs?: number | undefined;
}

/**
 * Records `http.server.request.duration` (with `http.request.method`,
 * `http.route`, `http.response.status_code`, `error.type`) for every request
 * served, and `http.client.request.duration` (with `server.address`,
 * `server.port`) for every `trace.fetch`, sampled or not; points carry
 * exemplars with the trace and span ids of sampled requests.
 *
 * @param options - caller route, cardinality, endpoint.
 * @returns the signal, for `otlp({ metrics })`.
 * @example
 * import { otlp } from "edge-trace/otlp";
 * import { httpMetrics } from "edge-trace/metrics";
 * app.use(tracing({ exporter: otlp({ metrics: httpMetrics({ callerRoute: true }) }) }));
 */
export function httpMetrics(options: HttpMetricsOptions = {}): Signal {
  return function metrics(recorder, context) {
    const config = signalConfig("metrics", context, options.endpoint);
    // Off (and reported) when it asks for protobuf from an `otlp` without the encoder.
    if (!config) return recorder;
    const limit = positiveInt(options.cardinalityLimit, DEFAULT_CARDINALITY_LIMIT);
    const now = Date.now();
    const server = new Histogram(limit, now);
    const client = new Histogram(limit, now);

    const flush = boundedFlights(async (deadline: number): Promise<void> => {
      if (server.size === 0 && client.size === 0) return;
      const end = Date.now();
      const histograms = [
        {
          name: "http.server.request.duration",
          description: "Duration of HTTP server requests.",
          unit: "s",
          bounds: DURATION_BUCKETS,
          collected: server.collect(end),
        },
        {
          name: "http.client.request.duration",
          description: "Duration of HTTP client requests.",
          unit: "s",
          bounds: DURATION_BUCKETS,
          collected: client.collect(end),
        },
      ];
      try {
        await postOtlp(config, encodeMetricsRequest(histograms, config.resource), deadline);
      } catch (error) {
        // Delta points that were not accepted are lost: say how many.
        const count = histograms.reduce((n, h) => n + h.collected.points.length, 0);
        config.report({
          type: "signal-dropped",
          signal: "metrics",
          count,
          reason: "export-failed",
          error,
        });
      }
    });
    // Sent on the spans' flushes and, on servers, by their one timer.
    const schedule = joinFlush(recorder.sink, flush);
    const requests = httpObserver({
      server,
      client,
      recordCaller: options.callerRoute === true || options.callerRoute === "record",
      sendRoute: options.callerRoute === true,
      recorded: schedule,
    });
    return { ...recorder, requests };
  };
}
