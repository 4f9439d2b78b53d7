import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { LambdaContext } from "../../src/lambda.js";
import type { FinishedSpan } from "../../src/trace/span-data.js";

export { collectingSink } from "../support/collect.js";

/** The example events in `lambda/events/`. */
export type EventName =
  | "apigw-v1"
  | "apigw-v2"
  | "function-url"
  | "alb"
  | "alb-multi-value"
  | "sqs"
  | "sns"
  | "scheduled";

/**
 * A fresh copy of an example event (parsed each time, so a test may change
 * its copy and compare with another to prove the adapter did not).
 */
// biome-ignore lint/suspicious/noExplicitAny: test events are edited freely by tests
export function loadEvent(name: EventName): any {
  const url = new URL(`../../lambda/events/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"));
}

/** A context shaped like the one Lambda's Node.js runtime passes. */
export function lambdaContext(
  remainingMs = 2_500,
  overrides: Partial<LambdaContext> = {},
): LambdaContext {
  const start = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: "8f5b7f9c-1d2e-4f3a-9b8c-7d6e5f4a3b2c",
    functionName: "orders-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders-api:live",
    memoryLimitInMB: "512",
    logGroupName: "/aws/lambda/orders-api",
    logStreamName: "2025/04/09/[$LATEST]3f2c1b0a9e8d7c6b5a4f3e2d1c0b9a8f",
    getRemainingTimeInMillis: () => remainingMs - (Date.now() - start),
    ...overrides,
  };
}

/** The one span named `name`; fails when there is not exactly one. */
export function spanNamed(spans: readonly FinishedSpan[], name: string): FinishedSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one span "${name}", got ${spans.map((s) => s.name).join(", ")}`);
  }
  return found[0]!;
}

/** An HTTP server on 127.0.0.1 that answers every request with the headers it received. */
export async function startEchoServer(): Promise<{
  url: string;
  received: IncomingHttpHeaders[];
  close: () => Promise<void>;
}> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ headers: request.headers }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/echo`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
