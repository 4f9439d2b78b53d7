/**
 * What a `Trace` needs from the tracer that started it.
 * @module
 */
import type { IdGenerator } from "../core/ids.js";
import type { OutboundPolicy } from "../core/outbound.js";
import type { Propagator } from "../core/propagator.js";
import type { OpenTelemetryBridge } from "./api-bridge.js";
import type { LogWriter } from "./logger.js";
import type { Recorder } from "./recorder.js";

/**
 * What a trace needs from the tracer that started it: a narrow view, so
 * this module does not depend on the tracer's (which creates traces).
 */
export interface TraceHost {
  readonly propagators: readonly Propagator[];
  readonly outbound: OutboundPolicy | undefined;
  readonly recorder: Recorder | undefined;
  readonly ids: IdGenerator;
  readonly logWriter: LogWriter;
  readonly baseFetch: typeof fetch;
  /** `edge-trace/opentelemetry`'s bridge, when the adapter was given `openTelemetry`. */
  readonly openTelemetry?: OpenTelemetryBridge | undefined;
}
