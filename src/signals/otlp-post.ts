/**
 * Sends one OTLP/HTTP JSON request for a signal: one attempt, cut off at
 * the flush deadline or the export timeout, whichever comes first. Like the
 * span exporter it calls the plain `fetch` it was given with headers built
 * from nothing, so an export is never traced and carries no trace context.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-request
 * @module
 */
import { SDK_NAME, VERSION } from "../export/version.js";
import type { SignalConfig } from "./signal-config.js";

/**
 * @param config - the signal's URL, headers, timeout and fetch.
 * @param body - the request object, serialised here.
 * @param deadline - epoch ms by which to give up.
 * @returns resolves when accepted; rejects with the reason otherwise (the caller reports it).
 */
export async function postOtlp(
  config: SignalConfig,
  body: object,
  deadline: number,
): Promise<void> {
  const ms = Math.max(0, Math.min(deadline - Date.now(), config.timeoutMs));
  const json = JSON.stringify(body);
  const headers = new Headers(config.headers);
  headers.set("content-type", "application/json");
  if (!headers.has("user-agent")) headers.set("user-agent", `${SDK_NAME}/${VERSION}`);
  let payload: string | ArrayBuffer = json;
  if (config.gzip) {
    headers.set("content-encoding", "gzip");
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream("gzip"));
    payload = await new Response(stream).arrayBuffer();
  }
  const response = await config.fetch(config.url, {
    method: "POST",
    headers,
    body: payload,
    signal: AbortSignal.timeout(ms),
  });
  // Read the body so the connection can be reused.
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`.trim());
}
