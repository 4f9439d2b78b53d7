/**
 * Reads the V8 heap of a Worker running in workerd, through the inspector
 * workerd opens for Miniflare's `inspectorPort`. workerd's inspector does
 * not answer `HeapProfiler.collectGarbage`, but a heap snapshot collects
 * garbage before it is taken, so one (its chunks discarded) stands in for
 * Node's `gc()` before `Runtime.getHeapUsage`.
 * @module
 */
import WebSocket from "ws";

/** The user Worker's heap, read after a full collection. */
export interface WorkerHeap {
  /** V8's used heap size in bytes after garbage collection. */
  usedAfterGc(): Promise<number>;
  close(): void;
}

interface InspectorTarget {
  readonly id: string;
  readonly webSocketDebuggerUrl: string;
}

/** Each call waits this long for its answer: a snapshot of a small heap takes well under it. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * @param inspector - the inspector's URL (`ws://127.0.0.1:<port>`).
 * @returns a connection to the user Worker's isolate (Miniflare's own workers are skipped).
 */
export async function connectHeap(inspector: URL): Promise<WorkerHeap> {
  const listUrl = new URL("/json", inspector.href.replace(/^ws/, "http"));
  const targets = (await (await fetch(listUrl)).json()) as InspectorTarget[];
  const user = targets.find((target) => target.id.startsWith("core:user:"));
  if (!user) throw new Error(`no user Worker among the inspector's targets: ${listUrl}`);
  const socket = new WebSocket(user.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const call = inspectorCalls(socket);
  await call("HeapProfiler.enable");
  return {
    async usedAfterGc() {
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      const usage = (await call("Runtime.getHeapUsage")) as { usedSize: number };
      return usage.usedSize;
    },
    close: () => socket.close(),
  };
}

type Call = (method: string, params?: object) => Promise<unknown>;

function inspectorCalls(socket: WebSocket): Call {
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
