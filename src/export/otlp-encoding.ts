/**
 * The shapes of what an OTLP/HTTP export can be given besides options: an
 * encoding other than JSON (protobuf, passed in by `edge-trace/otlp-protobuf`
 * so that an exporter that only sends JSON bundles none of it), and the
 * `sign` hook. JSON itself is written inline (otlp-request.ts).
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-response
 * @module
 */

/**
 * Signs (or otherwise rewrites) an export request after its body is final,
 * gzip included: for backends that need more than static headers, such as
 * AWS Signature V4. Called once per attempt; a throw or rejection drops the
 * batch (reported to `onError`), never reaching the request being handled.
 */
export type Sign = (request: Request) => Request | Promise<Request>;

/** What a collector's answer says: rejected items and a message. */
export interface OtlpAnswer {
  /** Spans, log records or data points the collector rejected (partial success). */
  readonly rejected: number;
  /** The partial success's or the error's message; may be empty. */
  readonly message: string;
}

/** An OTLP/HTTP encoding: its content type, the request body, and how answers read. */
export interface OtlpEncoding {
  readonly contentType: string;
  /** An `Export…ServiceRequest` in its OTLP/JSON object model → the body. */
  encode(request: object): string | Uint8Array<ArrayBuffer>;
  /**
   * Reads the whole answer (so the connection can be reused): the partial
   * success of a 2xx, the message of an error; never rejects.
   */
  read(response: Response): Promise<OtlpAnswer>;
}
