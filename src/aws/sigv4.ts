/**
 * `awsSigV4()`: signs a request with AWS Signature Version 4, for
 * CloudWatch's OTLP endpoints (`https://xray.{region}.amazonaws.com/v1/traces`,
 * `https://logs.{region}.amazonaws.com/v1/logs`), which accept nothing else.
 * A function of `Request` to `Request`, passed as `otlp({ sign })`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @module
 */
import { canonicalHeaders, canonicalPath, canonicalQuery } from "./canonical-request.js";
import { hex, hmacSha256, sha256Hex } from "./hmac.js";

/** AWS credentials: an access key pair, and the session token temporary credentials come with. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** Options of {@link awsSigV4}. */
export interface AwsSigV4Options {
  /**
   * The signing name of the service: `"xray"` for traces, `"logs"` for
   * logs. Default: read from an AWS host (`{service}.{region}.amazonaws.com`),
   * so one signer serves both endpoints.
   */
  readonly service?: string | undefined;
  /**
   * Default: the region of an AWS host (`xray.eu-west-1.amazonaws.com`), else
   * `AWS_REGION` (else `AWS_DEFAULT_REGION`) of the environment, read when signing.
   */
  readonly region?: string | undefined;
  /**
   * Credentials, or a function returning them (called for each request, so
   * rotated credentials are picked up). Default: `AWS_ACCESS_KEY_ID`,
   * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` of the environment (as
   * Lambda sets them), read when signing.
   */
  readonly credentials?:
    | AwsCredentials
    | (() => AwsCredentials | Promise<AwsCredentials>)
    | undefined;
  /**
   * Where the defaults are read: a Worker's `env`, for example. Default:
   * `process.env` where there is one.
   */
  readonly env?: Readonly<Record<string, unknown>> | undefined;
  /** The signing clock (epoch ms), injectable for tests. */
  readonly clock?: (() => number) | undefined;
}

/** A request signer, for `otlp({ sign })`. */
export type RequestSigner = (request: Request) => Promise<Request>;

const ALGORITHM = "AWS4-HMAC-SHA256";
/** `{service}.{region}.amazonaws.com` (and `.com.cn`): CloudWatch's OTLP endpoints among them. */
const AWS_HOST = /^([a-z0-9-]+)\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
/** `x-amz-content-sha256` of a request that has one: the payload hash it declares. */
const PAYLOAD_HASH_HEADER = "x-amz-content-sha256";

/**
 * Signs requests with AWS Signature Version 4 (header form): adds
 * `x-amz-date`, `x-amz-security-token` when there is a session token, and
 * `authorization`. The body is read from a clone, so the returned request
 * still has it. Rejects when no credentials or region are found (an
 * exporter reports that through its `onError`).
 * @param options - the service, region, credentials and env, each optional.
 * @returns `(request) => Promise<signed request>`.
 * @example
 * import { awsSigV4 } from "edge-trace/aws";
 * import { otlp } from "edge-trace/otlp";
 *
 * const exporter = otlp({
 *   endpoint: "https://xray.us-east-1.amazonaws.com",
 *   sign: awsSigV4({ service: "xray" }),
 * });
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-OTLPEndpoint.html
 */
export function awsSigV4(options: AwsSigV4Options = {}): RequestSigner {
  const { clock = Date.now } = options;
  return async function signAwsSigV4(request: Request): Promise<Request> {
    const env = options.env ?? processEnv();
    const credentials = await resolveCredentials(options.credentials, env);
    const url = new URL(request.url);
    const host = AWS_HOST.exec(url.hostname);
    const service = options.service ?? host?.[1];
    if (!service) throw new Error("awsSigV4: no service (set the service option)");
    const region =
      options.region ?? host?.[2] ?? text(env.AWS_REGION) ?? text(env.AWS_DEFAULT_REGION);
    if (!region) throw new Error("awsSigV4: no region (set AWS_REGION or the region option)");

    const amzDate = new Date(clock())
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z")
      .replace(/[-:]/g, "");
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;

    const headers = new Headers(request.headers);
    headers.delete("authorization");
    headers.set("x-amz-date", amzDate);
    if (credentials.sessionToken) headers.set("x-amz-security-token", credentials.sessionToken);
    const payloadHash =
      headers.get(PAYLOAD_HASH_HEADER) ??
      (await sha256Hex(request.body ? await request.clone().arrayBuffer() : ""));

    const signed = canonicalHeaders([["host", url.host], ...headers]);
    const canonicalRequest = [
      request.method,
      canonicalPath(url.pathname),
      canonicalQuery(url.searchParams),
      signed.lines,
      signed.names.join(";"),
      payloadHash,
    ].join("\n");
    const stringToSign = [ALGORITHM, amzDate, scope, await sha256Hex(canonicalRequest)].join("\n");

    let key: ArrayBuffer = await hmacSha256(`AWS4${credentials.secretAccessKey}`, day);
    for (const part of [region, service, "aws4_request"]) key = await hmacSha256(key, part);
    const signature = hex(await hmacSha256(key, stringToSign));

    headers.set(
      "authorization",
      `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, ` +
        `SignedHeaders=${signed.names.join(";")}, Signature=${signature}`,
    );
    return new Request(request, { headers });
  };
}

async function resolveCredentials(
  given: AwsSigV4Options["credentials"],
  env: Readonly<Record<string, unknown>>,
): Promise<AwsCredentials> {
  const credentials = typeof given === "function" ? await given() : given;
  if (credentials) return credentials;
  const accessKeyId = text(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = text(env.AWS_SECRET_ACCESS_KEY);
  if (!accessKeyId || !secretAccessKey) {
    throw new Error("awsSigV4: no credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
  }
  return { accessKeyId, secretAccessKey, sessionToken: text(env.AWS_SESSION_TOKEN) };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `process.env` where the runtime has one (Node, Bun, Lambda; Deno with Node compatibility). */
function processEnv(): Readonly<Record<string, unknown>> {
  return (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env ?? {};
}
