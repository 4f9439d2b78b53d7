/**
 * A connection to the user Worker's isolate through the inspector workerd
 * opens for Miniflare's `inspectorPort` (Miniflare's own workers are
 * skipped), speaking the DevTools protocol: one call, one answer.
 * @module
 */
import WebSocket from "ws";

/** A DevTools protocol call: its result, or a rejection when none comes in time. */
export type InspectorCall = (method: string, params?: object) => Promise<unknown>;

/** The connection. */
export interface Inspector {
  readonly call: InspectorCall;
  close(): void;
}

interface InspectorTarget {
  readonly id: string;
  readonly webSocketDebuggerUrl: string;
}

/** Each call waits this long for its answer: a heap snapshot of a small heap, or a profile, takes well under it. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * @param inspector - the inspector's URL (`ws://127.0.0.1:<port>`).
 * @returns the open connection to the user Worker.
 */
export async function connectUserWorker(inspector: URL): Promise<Inspector> {
  const listUrl = new URL("/json", inspector.href.replace(/^ws/, "http"));
  const targets = (await (await fetch(listUrl)).json()) as InspectorTarget[];
  const user = targets.find((target) => target.id.startsWith("core:user:"));
  if (!user) throw new Error(`no user Worker among the inspector's targets: ${listUrl}`);
  const socket = new WebSocket(user.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return { call: calls(socket), close: () => socket.close() };
}

function calls(socket: WebSocket): InspectorCall {
  let lastId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`inspector: no answer to ${method}`));
      }, CALL_TIMEOUT_MS);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
}
