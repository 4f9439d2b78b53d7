/**
 * A client of the Lambda Extensions API, as an internal extension uses it:
 * register during Init, then ask for each event. It speaks `node:http`,
 * taken synchronously from `process.getBuiltinModule` (Node ≥ 20.16) only
 * when the API is there: the first `fetch` in Node 20 loads undici (about
 * 40 ms of CPU at cold start), and undici's 300 s headers timeout would cut
 * the long-poll `/event/next` of an idle environment. Nothing here rejects:
 * a failure resolves `undefined`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html
 * @module
 */

/** The event `/event/next` returns, as far as edge-trace reads it. */
export interface ExtensionEvent {
  readonly eventType: string;
  /** Epoch ms when the invocation (or the shutdown) times out. */
  readonly deadlineMs: number;
  /** The invocation's id, equal to the handler's `context.awsRequestId` (INVOKE only). */
  readonly requestId?: string | undefined;
}

/** The calls an internal extension makes. */
export interface ExtensionsApi {
  /**
   * `POST /2020-01-01/extension/register` for INVOKE events.
   * @returns the `Lambda-Extension-Identifier`, or `undefined` when refused.
   */
  register(name: string): Promise<string | undefined>;
  /** `GET /2020-01-01/extension/event/next`: blocks until the next event. */
  next(id: string): Promise<ExtensionEvent | undefined>;
}

/** The parts of `node:http` used here, written structurally (the build has no Node types). */
interface IncomingMessage {
  readonly statusCode?: number | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  setEncoding(encoding: "utf8"): unknown;
  on(event: "data", listener: (chunk: string) => void): unknown;
  on(event: "end" | "error", listener: () => void): unknown;
}
interface RequestOptions {
  readonly host?: string;
  readonly port?: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly agent?: false;
}
type Request = (
  options: RequestOptions,
  callback: (response: IncomingMessage) => void,
) => {
  on(event: "error", listener: () => void): unknown;
  on(event: "socket", listener: (socket: { unref(): void }) => void): unknown;
  end(body?: string): void;
};
type BuiltinModule = (id: "node:http") => { request: Request } | undefined;

/**
 * @param runtimeApi - `AWS_LAMBDA_RUNTIME_API`: `host:port`.
 * @returns the client, or `undefined` where `node:http` is not available.
 */
export function extensionsApi(runtimeApi: string): ExtensionsApi | undefined {
  let request: Request | undefined;
  try {
    const process = (globalThis as { process?: { getBuiltinModule?: BuiltinModule } }).process;
    request = process?.getBuiltinModule?.("node:http")?.request;
  } catch {
    // Not Node: no extension.
  }
  if (!request) return undefined;
  const send = request;
  const [host, port] = splitHostPort(runtimeApi);
  const call = (options: RequestOptions, body?: string, longPoll = false) =>
    new Promise<{ status: number; id: unknown; text: string } | undefined>((resolve) => {
      try {
        const req = send({ host, port, agent: false, ...options }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              id: response.headers["lambda-extension-identifier"],
              text,
            }),
          );
          response.on("error", () => resolve(undefined));
        });
        req.on("error", () => resolve(undefined));
        // A pending long-poll alone never keeps the process alive.
        if (longPoll) req.on("socket", (socket) => socket.unref());
        req.end(body);
      } catch {
        resolve(undefined);
      }
    });

  return {
    async register(name) {
      const body = JSON.stringify({ events: ["INVOKE"] });
      const response = await call(
        {
          method: "POST",
          path: "/2020-01-01/extension/register",
          headers: { "lambda-extension-name": name, "content-type": "application/json" },
        },
        body,
      );
      const id = response?.status === 200 ? response.id : undefined;
      return typeof id === "string" && id !== "" ? id : undefined;
    },
    async next(id) {
      const response = await call(
        {
          method: "GET",
          path: "/2020-01-01/extension/event/next",
          headers: { "lambda-extension-identifier": id },
        },
        undefined,
        true,
      );
      if (response?.status !== 200) return undefined;
      try {
        const event = JSON.parse(response.text) as ExtensionEvent;
        return typeof event?.eventType === "string" ? event : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** `127.0.0.1:9001` → host and port; a bare host gets port 80. */
function splitHostPort(value: string): [string, number] {
  const colon = value.lastIndexOf(":");
  if (colon < 0) return [value, 80];
  return [value.slice(0, colon).replace(/^\[|\]$/g, ""), Number(value.slice(colon + 1)) || 80];
}
