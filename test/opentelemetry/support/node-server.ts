/**
 * Serves a fetch handler (a Hono app's `fetch`, an edge-trace `withTrace`
 * handler) from a real node:http server on 127.0.0.1 and a free port:
 * what Hono's Node adapter does, in a few lines, with the body streamed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface NodeServer {
  readonly url: string;
  close(): Promise<void>;
}

/** @param fetch - answers each request. */
export async function serveOnNode(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<NodeServer> {
  const server = createServer((req, res) => {
    answer(fetch, req, res).catch(() => {
      res.statusCode = 500;
      res.end();
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

async function answer(
  fetch: (request: Request) => Response | Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers });
  const response = await fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    res.write(read.value);
  }
  res.end();
}
