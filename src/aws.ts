/**
 * `edge-trace/aws`: AWS Signature Version 4 for sending OTLP straight to
 * CloudWatch's endpoints (X-Ray traces, CloudWatch Logs), with no
 * collector in between: `otlp({ endpoint, sign: awsSigV4({ service }) })`.
 * Web Crypto only, so it runs in Lambda and in Workers alike.
 * @module
 */
export type { AwsCredentials, AwsSigV4Options, RequestSigner } from "./aws/sigv4.js";
export { awsSigV4 } from "./aws/sigv4.js";
