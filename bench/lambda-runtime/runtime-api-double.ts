/**
 * A Lambda Runtime API and Extensions API double on 127.0.0.1, following
 * AWS's documented protocol:
 * - `POST /2020-01-01/extension/register` is accepted only during Init,
 *   before the runtime's first `GET /2018-06-01/runtime/invocation/next`
 *   (afterwards: 403), and answers a `Lambda-Extension-Identifier`;
 * - an invocation is delivered (to the runtime's `/next` and, as an INVOKE
 *   event, to every registered extension's `/event/next`) only when the
 *   runtime and every registered extension are waiting, which also ends Init;
 * - an invocation is complete once the runtime posted its response and
 *   every extension called `/event/next` again; only then is the next one
 *   delivered.
 * It times each step so tests can order them.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Invocation {
  readonly requestId: string;
  readonly event: unknown;
  /** Epoch ms: delivery time + the timeout. */
  deadlineMs: number;
  readonly timeoutMs: number;
  /** When the runtime and the extensions were handed the invocation. */
  deliveredAt?: number;
  /** When the runtime posted the response (or error). */
  respondedAt?: number;
  response?: string;
  error?: boolean;
  /** When the last extension called `/event/next` after the response. */
  extensionsDoneAt?: number;
}

export interface Registration {
  readonly name: string | undefined;
  readonly events: unknown;
  readonly accepted: boolean;
  readonly at: number;
}

/** A queued invocation's two ends. */
export interface Dispatched {
  /** Resolves once the runtime posted the response (or error). */
  readonly responded: Promise<Invocation>;
  /** Resolves once the invocation is complete: the response, and every extension done. */
  readonly done: Promise<Invocation>;
}

export interface RuntimeApiDouble {
  /** `host:port`, for `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string;
  readonly registrations: Registration[];
  /** Queues an invocation; resolves once it is complete (response and every extension done). */
  invoke(event: unknown, timeoutMs?: number): Promise<Invocation>;
  /**
   * Queues an invocation, for a caller that times the response without
   * waiting for the extensions' flush after it.
   */
  dispatch(event: unknown, timeoutMs?: number): Dispatched;
  /** Resolves when the runtime first asks for work (the end of its Init). */
  readonly runtimeReady: Promise<number>;
  close(): Promise<void>;
}

/**
 * @param registrationMode - `"refuse"`: answer every registration 403, as after
 *   Init; `"ignore"`: never answer one (a misbehaving API).
 */
export async function startRuntimeApi(
  registrationMode: "accept" | "refuse" | "ignore" = "accept",
): Promise<RuntimeApiDouble> {
  const registrations: Registration[] = [];
  const extensions = new Map<string, ServerResponse | undefined>();
  interface Queued {
    readonly invocation: Invocation;
    readonly responded: (i: Invocation) => void;
    readonly done: (i: Invocation) => void;
  }
  const queue: Queued[] = [];
  let runtimeWaiting: ServerResponse | undefined;
  let current: Queued | undefined;
  let initDone = false;
  let ready!: (at: number) => void;
  const runtimeReady = new Promise<number>((resolve) => {
    ready = resolve;
  });

  const everyExtensionWaiting = () => [...extensions.values()].every((r) => r !== undefined);

  const step = () => {
    if (current) {
      const { invocation } = current;
      if (invocation.respondedAt === undefined || !everyExtensionWaiting()) return;
      invocation.extensionsDoneAt = Date.now();
      current.done(invocation);
      current = undefined;
    }
    if (!queue.length || !runtimeWaiting || !everyExtensionWaiting()) return;
    current = queue.shift()!;
    const { invocation } = current;
    invocation.deliveredAt = Date.now();
    invocation.deadlineMs = invocation.deliveredAt + invocation.timeoutMs;
    const runtime = runtimeWaiting;
    runtimeWaiting = undefined;
    runtime.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": invocation.requestId,
      "lambda-runtime-deadline-ms": String(invocation.deadlineMs),
      "lambda-runtime-invoked-function-arn":
        "arn:aws:lambda:us-east-1:123456789012:function:orders",
    });
    runtime.end(JSON.stringify(invocation.event));
    for (const [id, waiting] of extensions) {
      extensions.set(id, undefined);
      waiting!.writeHead(200, { "content-type": "application/json" });
      waiting!.end(
        JSON.stringify({
          eventType: "INVOKE",
          deadlineMs: invocation.deadlineMs,
          requestId: invocation.requestId,
          invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders",
          tracing: { type: "X-Amzn-Trace-Id", value: "Root=1-5759e988-bd862e3fe1be46a994272793" },
        }),
      );
    }
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = req.url ?? "";
    if (req.method === "POST" && url === "/2020-01-01/extension/register") {
      if (registrationMode === "ignore") return;
      const accepted = !initDone && registrationMode === "accept";
      registrations.push({
        name: req.headers["lambda-extension-name"] as string | undefined,
        events: JSON.parse(body || "{}").events,
        accepted,
        at: Date.now(),
      });
      if (!accepted) {
        res.writeHead(403, { "content-type": "application/json" });
        return res.end(
          JSON.stringify({
            errorMessage: "Registration after Init",
            errorType: "Extension.Forbidden",
          }),
        );
      }
      const id = randomUUID();
      extensions.set(id, undefined);
      res.writeHead(200, { "content-type": "application/json", "lambda-extension-identifier": id });
      return res.end(
        JSON.stringify({
          functionName: "orders",
          functionVersion: "$LATEST",
          handler: "index.handler",
        }),
      );
    }
    if (req.method === "GET" && url === "/2020-01-01/extension/event/next") {
      const id = req.headers["lambda-extension-identifier"] as string;
      if (!extensions.has(id)) {
        res.writeHead(403);
        return res.end();
      }
      extensions.set(id, res);
      return step();
    }
    if (req.method === "GET" && url === "/2018-06-01/runtime/invocation/next") {
      if (!initDone) ready(Date.now());
      initDone = true;
      runtimeWaiting = res;
      return step();
    }
    const posted = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    const answered = current?.invocation;
    if (req.method === "POST" && posted && answered && answered.requestId === posted[1]) {
      answered.respondedAt = Date.now();
      answered.response = body;
      answered.error = posted[2] === "error";
      res.writeHead(202);
      res.end();
      current!.responded(answered);
      return step();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  function dispatch(event: unknown, timeoutMs = 3_000): Dispatched {
    const invocation = { requestId: randomUUID(), event, deadlineMs: 0, timeoutMs };
    let responded!: (i: Invocation) => void;
    let done!: (i: Invocation) => void;
    const ends = {
      responded: new Promise<Invocation>((resolve) => {
        responded = resolve;
      }),
      done: new Promise<Invocation>((resolve) => {
        done = resolve;
      }),
    };
    queue.push({ invocation, responded, done });
    step();
    return ends;
  }

  return {
    address: `127.0.0.1:${port}`,
    registrations,
    runtimeReady,
    invoke: (event, timeoutMs) => dispatch(event, timeoutMs).done,
    dispatch,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
