/**
 * The Lambda context object, written structurally, and the FaaS and cloud
 * attributes read from it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 * @see https://opentelemetry.io/docs/specs/semconv/faas/aws-lambda/
 * @module
 */
import type { Attributes } from "../trace/span-data.js";

/**
 * Lambda's context object, as the Node.js runtime passes it. A handler
 * typed with a richer context (`@types/aws-lambda`'s `Context`) is accepted
 * as is.
 */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  /** `arn:aws:lambda:{region}:{account}:function:{name}[:{alias}]`. */
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Settable by the handler; the adapter never reads or changes it. */
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds until Lambda stops the invocation: bounds the flush. */
  getRemainingTimeInMillis(): number;
}

/** `faas.trigger` values. */
export type FaasTrigger = "http" | "pubsub" | "timer" | "other";

/** Environment variables, read per invocation (`globalThis.process?.env`). */
export type LambdaEnv = Readonly<Record<string, string | undefined>>;

// Module-level on purpose: a cold start is a fact about the process (the
// first invocation after the runtime loaded this module), not about a
// request, and Lambda runs one invocation at a time per process, so no
// request data is shared through it.
let firstInvocation = true;

/**
 * True only on the first invocation in this process, unless the process was
 * started ahead of traffic by provisioned concurrency (then no request waited).
 */
export function takeColdStart(env: LambdaEnv): boolean {
  const cold = firstInvocation;
  firstInvocation = false;
  return cold && env.AWS_LAMBDA_INITIALIZATION_TYPE !== "provisioned-concurrency";
}

/**
 * `faas.*` and `cloud.*` attributes of one invocation.
 * @param context - Lambda's context object.
 * @param trigger - what invoked the function.
 * @param coldStart - whether this is the process's first invocation.
 * @param env - where `AWS_REGION` is read.
 * @returns the attributes.
 */
export function faasAttributes(
  context: LambdaContext,
  trigger: FaasTrigger,
  coldStart: boolean,
  env: LambdaEnv,
): Attributes {
  const arn = typeof context.invokedFunctionArn === "string" ? context.invokedFunctionArn : "";
  const arnParts = arn.split(":");
  return {
    "faas.trigger": trigger,
    "faas.invocation_id": stringOrUndefined(context.awsRequestId),
    "faas.coldstart": coldStart,
    "faas.name": stringOrUndefined(context.functionName),
    "faas.version": stringOrUndefined(context.functionVersion),
    "cloud.provider": "aws",
    "cloud.platform": "aws_lambda",
    "cloud.region": env.AWS_REGION ?? nonEmpty(arnParts[3]),
    "cloud.account.id": accountId(arnParts),
    "aws.lambda.invoked_arn": arn || undefined,
  };
}

/** The 12-digit account id, the fifth field of the ARN. */
function accountId(arnParts: readonly string[]): string | undefined {
  const id = arnParts[0] === "arn" ? arnParts[4] : undefined;
  return id !== undefined && /^\d{12}$/.test(id) ? id : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}

/**
 * Reads the process environment where there is one; Lambda updates
 * `_X_AMZN_TRACE_ID` in it before each invocation.
 */
export function processEnv(): LambdaEnv {
  const env = (globalThis as { process?: { env?: LambdaEnv } }).process?.env;
  return env ?? {};
}
