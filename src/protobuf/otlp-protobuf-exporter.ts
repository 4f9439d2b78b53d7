/**
 * `otlp()` with both OTLP/HTTP encodings: the same function, options and
 * variables as `edge-trace/otlp`'s, plus the protobuf codec, so that
 * `protocol: "http/protobuf"` and `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`
 * are honoured for spans, logs and metrics.
 * @module
 */
import { createOtlp, type OtlpOptions } from "../export/otlp-setup.js";
import type { Exporter } from "../trace/recorder.js";
import { OTLP_PROTOBUF } from "./otlp-protobuf-codec.js";

/**
 * OTLP/HTTP export in JSON (the default) or protobuf: `protocol` or the
 * `OTEL_EXPORTER_OTLP_PROTOCOL` variables (`…_TRACES_`, `…_LOGS_`,
 * `…_METRICS_` per signal) choose. Everything else is `edge-trace/otlp`'s
 * `otlp`: same options, same variables, same flushes.
 *
 * @param options - settings that win over the variables.
 * @returns the exporter, for any adapter's `exporter` option.
 * @example
 * import { otlp } from "edge-trace/otlp-protobuf";
 * withTrace(handler, { exporter: otlp({ protocol: "http/protobuf" }) });
 * @example
 * // The protocol from OTEL_EXPORTER_OTLP_PROTOCOL; JSON when it is unset.
 * withTrace(handler, { exporter: otlp() });
 * @see https://opentelemetry.io/docs/specs/otlp/#binary-protobuf-encoding
 */
export function otlp(options: OtlpOptions = {}): Exporter {
  return createOtlp(options, OTLP_PROTOBUF);
}
