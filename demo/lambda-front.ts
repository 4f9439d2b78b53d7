/**
 * A small local stand-in for API Gateway in front of a Lambda function: a
 * node:http server that turns each request into a payload-2.0 event,
 * invokes the handler with a context object shaped like the Node.js
 * runtime's, and turns the result back into the HTTP response.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiGatewayProxyEventV2, LambdaContext } from "../src/lambda.js";
import { type RouteKey, toEventV2, writeResultV2 } from "./apigw-v2.js";

/** A Lambda handler as the runtime calls it. */
export type LambdaHandler = (
  event: ApiGatewayProxyEventV2,
  context: LambdaContext,
) => Promise<unknown>;

/** How the function is deployed. */
export interface FunctionConfig {
  readonly functionName: string;
  readonly region: string;
  /** The function's timeout: bounds `getRemainingTimeInMillis()`. */
  readonly timeoutMs: number;
  /** The HTTP API's routes, such as `GET /stock/{sku}`. */
  readonly routes: readonly RouteKey[];
}

/** A running front. */
export interface LambdaFront {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the front on 127.0.0.1 and a free port.
 * @param handler - the function's exported handler.
 * @param config - its name, region, timeout and routes.
 * @returns the front's URL and a way to stop it.
 */
export async function startLambdaFront(
  handler: LambdaHandler,
  config: FunctionConfig,
): Promise<LambdaFront> {
  // One execution environment runs one invocation at a time, as in Lambda.
  let queue: Promise<unknown> = Promise.resolve();
  const logStream = `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${randomBytes(16).toString("hex")}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const event = toEventV2(req, Buffer.concat(chunks), config.routes);
      queue = queue.then(async () => {
        try {
          writeResultV2(await handler(event, lambdaContext(config, logStream)), res);
        } catch {
          // API Gateway's answer to a function error.
          res
            .writeHead(500, { "content-type": "application/json" })
            .end('{"message":"Internal Server Error"}');
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function lambdaContext(config: FunctionConfig, logStreamName: string): LambdaContext {
  const deadline = Date.now() + config.timeoutMs;
  return {
    awsRequestId: randomUUID(),
    functionName: config.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${config.region}:123456789012:function:${config.functionName}`,
    memoryLimitInMB: "128",
    logGroupName: `/aws/lambda/${config.functionName}`,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
