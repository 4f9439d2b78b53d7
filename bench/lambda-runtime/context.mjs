// The context Lambda's Node.js runtime passes the handler, built from what
// its `/next` returned; the remaining time counts down to the deadline.
// node-runtime.mjs builds one per invocation; the lambda-collector bench
// builds one to call a handler directly.
// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html

/**
 * @param {string} requestId - `Lambda-Runtime-Aws-Request-Id`.
 * @param {number} deadlineMs - `Lambda-Runtime-Deadline-Ms`, epoch ms.
 * @param {string} invokedFunctionArn - `Lambda-Runtime-Invoked-Function-Arn`.
 */
export function runtimeContext(requestId, deadlineMs, invokedFunctionArn) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn,
    memoryLimitInMB: "128",
    logGroupName: "/aws/lambda/orders",
    logStreamName: "2026/12/07/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => deadlineMs - Date.now(),
  };
}
