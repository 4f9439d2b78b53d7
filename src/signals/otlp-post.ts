/**
 * Sends one OTLP/HTTP request for a signal, JSON or (given the encoding)
 * protobuf: one attempt, cut off at the flush deadline or the export
 * timeout, whichever comes first. Headers, body and answer are built as the
 * span exporter builds them (the same code, bundled once); the plain
 * `fetch` it was given is called, so an export is never traced and carries
 * no trace context; `sign` sees the final body.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-request
 * @module
 */
import { otlpAnswer, otlpBody, otlpHeaders, otlpSend } from "../export/otlp-request.js";
import type { SignalConfig } from "./signal-config.js";

/**
 * @param config - the signal's URL, headers, timeout, fetch, encoding and `sign`.
 * @param body - the request object, serialised here.
 * @param deadline - epoch ms by which to give up.
 * @returns resolves when accepted (a partial success is reported); rejects
 *   with the reason otherwise (the caller reports it).
 */
export async function postOtlp(
  config: SignalConfig,
  body: object,
  deadline: number,
): Promise<void> {
  const { encoding, gzip, sign, url, report } = config;
  const signal = AbortSignal.timeout(
    Math.max(0, Math.min(deadline - Date.now(), config.timeoutMs)),
  );
  const init: RequestInit = {
    method: "POST",
    headers: otlpHeaders(config.headers, encoding, gzip, report),
    body: await otlpBody(body, encoding, gzip),
    signal,
  };
  const response = await otlpSend(config.fetch, url, init, sign);
  const { rejected, message } = await otlpAnswer(response, encoding);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${message}`.trim());
  if (rejected || message) {
    report({ type: "signal-partial", signal: config.signal, rejected, message });
  }
}
