/**
 * The parts of one OTLP/HTTP request that spans, logs and metrics share,
 * so that a Worker exporting all three carries them once: the headers, the
 * body (JSON, or protobuf given the encoding; gzipped when asked), the
 * `sign` hook, and reading the answer in either encoding.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * @module
 */
import type { Report } from "./diagnostics.js";
import type { OtlpAnswer, OtlpEncoding, Sign } from "./otlp-encoding.js";
import { SDK_NAME, VERSION } from "./version.js";

/**
 * @param user - the user's headers; an invalid one is reported by name (never
 *   its value: header values hold credentials) and left out.
 * @param encoding - protobuf, or `undefined` for JSON.
 * @param gzip - whether the body is gzipped.
 * @param report - where invalid headers go.
 * @returns the request headers, built from nothing else (no trace context).
 */
export function otlpHeaders(
  user: Readonly<Record<string, string>> | undefined,
  encoding: OtlpEncoding | undefined,
  gzip: boolean,
  report: Report,
): Headers {
  const headers = new Headers();
  for (const name in user) {
    try {
      headers.set(name, user[name]!);
    } catch {
      report({ type: "invalid-config", key: `headers.${name}`, message: "ignored" });
    }
  }
  headers.set("content-type", encoding?.contentType ?? "application/json");
  if (gzip) headers.set("content-encoding", "gzip");
  if (!headers.has("user-agent")) headers.set("user-agent", `${SDK_NAME}/${VERSION}`);
  return headers;
}

/**
 * @param request - an `Export…ServiceRequest` in its OTLP/JSON object model.
 * @param encoding - protobuf, or `undefined` for JSON.
 * @param gzip - whether to gzip it (the runtime has `CompressionStream`).
 * @returns the final body: what `sign` sees and what is sent.
 */
export async function otlpBody(
  request: object,
  encoding: OtlpEncoding | undefined,
  gzip: boolean,
): Promise<BodyInit> {
  const body = encoding ? encoding.encode(request) : JSON.stringify(request);
  if (!gzip) return body;
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

/**
 * Sends one request, through `sign` first when there is one (once per
 * attempt: signatures carry a time).
 * @param send - the fetch to use.
 * @param url - where to.
 * @param init - method, headers, final body and abort signal.
 * @param sign - the user's hook, if any. What it throws rejects this call.
 * @returns the response.
 */
export async function otlpSend(
  send: typeof fetch,
  url: string,
  init: RequestInit,
  sign: Sign | undefined,
): Promise<Response> {
  return sign ? send(await sign(new Request(url, init)), { signal: init.signal }) : send(url, init);
}

/**
 * Reads the whole answer, so the connection can be reused: with the
 * encoding when there is one, else as JSON text.
 * @param response - the collector's response.
 * @param encoding - protobuf, or `undefined` for JSON.
 * @returns a 2xx's partial success (`rejectedSpans`, `rejectedLogRecords`
 *   or `rejectedDataPoints`, and `errorMessage`), or an error's first 200
 *   characters; nothing when unreadable.
 */
export async function otlpAnswer(
  response: Response,
  encoding: OtlpEncoding | undefined,
): Promise<OtlpAnswer> {
  if (encoding) return encoding.read(response);
  const text = await response.text().catch(() => "");
  let rejected = 0;
  try {
    if (response.ok) {
      const partial = JSON.parse(text).partialSuccess;
      for (const key in partial) if (key.startsWith("rejected")) rejected = +partial[key] || 0;
      return { rejected, message: String(partial.errorMessage ?? "") };
    }
  } catch {
    // Not JSON, or no partialSuccess: the collector's status is what matters.
  }
  return { rejected, message: response.ok ? "" : text.slice(0, 200) };
}
